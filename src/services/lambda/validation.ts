import { invalidParameterValue, validationFailed } from '../../lib/errors.js';
import { isSupportedRuntime, SUPPORTED_RUNTIMES } from '../../runtime/launch.js';

/**
 * Request validation for Lambda's control plane, in AWS's words: model constraints collect into one
 * ValidationException ("2 validation errors detected: …"); rules beyond the model are
 * InvalidParameterValueExceptions.
 */

/** Every runtime identifier Lambda's API knows (the model's enum). */
const RUNTIME_ENUM = [
  'nodejs', 'nodejs4.3', 'nodejs6.10', 'nodejs8.10', 'nodejs10.x', 'nodejs12.x', 'nodejs14.x', 'nodejs16.x', 'java8',
  'java8.al2', 'java11', 'python2.7', 'python3.6', 'python3.7', 'python3.8', 'python3.9', 'dotnetcore1.0', 'dotnetcore2.0',
  'dotnetcore2.1', 'dotnetcore3.1', 'dotnet6', 'dotnet8', 'nodejs4.3-edge', 'go1.x', 'ruby2.5', 'ruby2.7', 'provided',
  'provided.al2', 'nodejs18.x', 'python3.10', 'java17', 'ruby3.2', 'ruby3.3', 'ruby3.4', 'python3.11', 'nodejs20.x',
  'provided.al2023', 'python3.12', 'java21', 'python3.13', 'nodejs22.x', 'nodejs24.x', 'python3.14', 'java25', 'dotnet10', 'ruby4.0',
];

/** Runtimes AWS no longer accepts for creating or updating functions. */
const DEPRECATED_RUNTIMES = new Set([
  'nodejs', 'nodejs4.3', 'nodejs6.10', 'nodejs8.10', 'nodejs10.x', 'nodejs12.x', 'nodejs14.x', 'nodejs16.x', 'nodejs4.3-edge',
  'python2.7', 'python3.6', 'python3.7', 'python3.8', 'dotnetcore1.0', 'dotnetcore2.0', 'dotnetcore2.1', 'dotnetcore3.1',
  'dotnet6', 'ruby2.5', 'ruby2.7', 'go1.x', 'java8',
]);

/** Variables Lambda sets itself; a function may not configure them. */
const RESERVED_VARIABLES = new Set([
  '_HANDLER', '_X_AMZN_TRACE_ID', 'AWS_DEFAULT_REGION', 'AWS_REGION', 'AWS_EXECUTION_ENV', 'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 'AWS_LAMBDA_FUNCTION_VERSION', 'AWS_LAMBDA_INITIALIZATION_TYPE', 'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME', 'AWS_ACCESS_KEY', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API', 'LAMBDA_TASK_ROOT', 'LAMBDA_RUNTIME_DIR',
]);

const ROLE_PATTERN = 'arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+';
const VARIABLE_NAME_PATTERN = '[a-zA-Z]([a-zA-Z0-9_])+';
const TARGET_ARN_PATTERN = '(arn:(aws[a-zA-Z-]*)?:[a-z0-9-.]+:.*)|()';
const LOG_GROUP_PATTERN = '[\\.\\-_/#A-Za-z0-9]+';
const ENVIRONMENT_LIMIT_BYTES = 4096;

/** Collects model-constraint problems for one request, then throws them together. */
export class Problems {
  private readonly list: string[] = [];

  add(value: unknown, member: string, constraint: string): void {
    this.list.push(`Value '${display(value)}' at '${member}' failed to satisfy constraint: ${constraint}`);
  }

  pattern(value: string | undefined, member: string, pattern: string): void {
    if (value !== undefined && !new RegExp(`^(?:${pattern})$`).test(value)) {
      this.add(value, member, `Member must satisfy regular expression pattern: ${pattern}`);
    }
  }

  maxLength(value: string | undefined, member: string, max: number): void {
    if (value !== undefined && value.length > max) this.add(value, member, `Member must have length less than or equal to ${max}`);
  }

  range(value: number | undefined, member: string, min: number, max: number): void {
    if (value === undefined) return;
    if (value < min) this.add(value, member, `Member must have value greater than or equal to ${min}`);
    else if (value > max) this.add(value, member, `Member must have value less than or equal to ${max}`);
  }

  oneOf(value: string | undefined, member: string, allowed: readonly string[]): void {
    if (value !== undefined && !allowed.includes(value)) {
      this.add(value, member, `Member must satisfy enum value set: [${allowed.join(', ')}]`);
    }
  }

  /** A list longer than the model allows. */
  maxItems(values: readonly unknown[] | undefined, member: string, max: number): void {
    if (values !== undefined && values.length > max) this.add(values, member, `Member must have length less than or equal to ${max}`);
  }

  /** Each item of a list against the item's own constraints, reported once for the whole list as AWS does. */
  eachItem(values: readonly string[] | undefined, member: string, constraints: ItemConstraints): void {
    if (values === undefined) return;
    const fits = (item: string) =>
      item.length <= constraints.maxLength &&
      item.length >= constraints.minLength &&
      (constraints.pattern === undefined || new RegExp(`^(?:${constraints.pattern})$`).test(item)) &&
      (constraints.oneOf === undefined || constraints.oneOf.includes(item));
    if (values.every(fits)) return;
    const rules = [
      ...(constraints.oneOf === undefined
        ? [
            `Member must have length less than or equal to ${constraints.maxLength}`,
            `Member must have length greater than or equal to ${constraints.minLength}`,
          ]
        : [`Member must satisfy enum value set: [${constraints.oneOf.join(', ')}]`]),
      ...(constraints.pattern === undefined ? [] : [`Member must satisfy regular expression pattern: ${constraints.pattern}`]),
      ...(constraints.notNull === true ? ['Member must not be null'] : []),
    ];
    this.add(values, member, `Member must satisfy constraint: [${rules.join(', ')}]`);
  }

  required(value: unknown, member: string): void {
    if (value === undefined || value === null) this.list.push(`Value null at '${member}' failed to satisfy constraint: Member must not be null`);
  }

  throwIfAny(): void {
    if (this.list.length > 0) throw validationFailed(this.list);
  }
}

/** What an item of a list must be; enum items carry no length rule in AWS's messages. */
export interface ItemConstraints {
  minLength: number;
  maxLength: number;
  pattern?: string;
  oneOf?: readonly string[];
  notNull?: boolean;
}

/** A value as AWS's messages quote it: lists as `[a, b]`, other objects as JSON. */
function display(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(display).join(', ')}]`;
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

/** Reads a member that must be a string (or absent); another JSON type is a serialization error. */
export function optionalString(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw serializationError(key, 'a string');
  return value;
}

export function optionalInteger(body: Record<string, unknown>, key: string): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw serializationError(key, 'an integer');
  return value;
}

export function optionalObject(body: Record<string, unknown>, key: string): Record<string, unknown> | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw serializationError(key, 'an object');
  return value as Record<string, unknown>;
}

export function optionalStringMap(body: Record<string, unknown>, key: string): Record<string, string> | undefined {
  const map = optionalObject(body, key);
  if (map === undefined) return undefined;
  for (const [name, value] of Object.entries(map)) {
    if (typeof value !== 'string') throw serializationError(`${key}.${name}`, 'a string');
  }
  return map as Record<string, string>;
}

export function optionalBoolean(body: Record<string, unknown>, key: string): boolean | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw serializationError(key, 'a boolean');
  return value;
}

export function optionalStringList(body: Record<string, unknown>, key: string): string[] | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) throw serializationError(key, 'a list of strings');
  return value as string[];
}

function serializationError(member: string, expected: string) {
  return invalidParameterValue(`Could not parse request body: ${member} must be ${expected}.`);
}

export function checkRuntime(problems: Problems, runtime: string | undefined): void {
  problems.oneOf(runtime, 'runtime', RUNTIME_ENUM);
}

/** After model validation: a deprecated runtime, or one Eventide does not run. */
export function checkRuntimeSupported(runtime: string): void {
  if (DEPRECATED_RUNTIMES.has(runtime)) {
    throw invalidParameterValue(
      `The runtime parameter of ${runtime} is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions.`,
    );
  }
  if (!isSupportedRuntime(runtime)) {
    throw invalidParameterValue(`The runtime parameter of ${runtime} is not supported by Eventide yet. Supported runtimes: ${SUPPORTED_RUNTIMES.join(', ')}.`);
  }
}

export function checkRole(problems: Problems, role: string | undefined): void {
  problems.pattern(role, 'role', ROLE_PATTERN);
}

export function checkDeadLetterTarget(problems: Problems, arn: string | undefined): void {
  problems.pattern(arn, 'deadLetterConfig.targetArn', TARGET_ARN_PATTERN);
}

export function checkLogGroup(problems: Problems, logGroup: string | undefined): void {
  problems.maxLength(logGroup, 'loggingConfig.logGroup', 512);
  problems.pattern(logGroup, 'loggingConfig.logGroup', LOG_GROUP_PATTERN);
}

export function checkEnvironment(problems: Problems, variables: Record<string, string> | undefined): void {
  if (variables === undefined) return;
  const badName = Object.keys(variables).find((name) => !new RegExp(`^(?:${VARIABLE_NAME_PATTERN})$`).test(name));
  if (badName !== undefined) {
    problems.add(variables, 'environment.variables', `Map keys must satisfy constraint: [Member must satisfy regular expression pattern: ${VARIABLE_NAME_PATTERN}]`);
  }
}

/** Rules on environment variables beyond the model: reserved names and the 4 KB total. */
export function checkEnvironmentRules(variables: Record<string, string> | undefined): void {
  if (variables === undefined) return;
  const reserved = Object.keys(variables).filter((name) => RESERVED_VARIABLES.has(name));
  if (reserved.length > 0) {
    throw invalidParameterValue(
      `Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: ${reserved.join(', ')}`,
    );
  }
  const measured = JSON.stringify(variables);
  if (Buffer.byteLength(measured) > ENVIRONMENT_LIMIT_BYTES) {
    throw invalidParameterValue(
      `Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: ${measured}`,
    );
  }
}
