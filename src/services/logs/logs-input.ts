import { AwsError, serviceError } from '../../lib/errors.js';

/** Readers of CloudWatch Logs' request members, refusing what AWS refuses with its messages. */

export type Input = Record<string, unknown>;

const LOG_GROUP_PATTERN = /^[.\-_/#A-Za-z0-9]{1,512}$/;
const LOG_STREAM_PATTERN = /^[^:*]{1,512}$/;

/**
 * Model-level validation failures. CloudWatch Logs words them like other services
 * (`1 validation error detected: Value '…' at '…' failed to satisfy constraint: …`) but names them
 * InvalidParameterException.
 */
export function invalidParameters(problems: string[]): AwsError {
  const n = problems.length;
  return serviceError('InvalidParameterException', 400, `${n} validation error${n === 1 ? '' : 's'} detected: ${problems.join('; ')}`);
}

export function optionalString(input: Input, key: string): string | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw serializationError(key);
  return value;
}

export function optionalNumber(input: Input, key: string): number | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number') throw serializationError(key);
  return value;
}

export function optionalStringList(input: Input, key: string): string[] | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) throw serializationError(key);
  return value as string[];
}

export function serializationError(key: string) {
  return serviceError('SerializationException', 400, `Unexpected type for member '${key}'`);
}

function required(input: Input, key: string, pattern: RegExp, patternText: string): string {
  const value = optionalString(input, key);
  if (value === undefined) throw invalidParameters([`Value null at '${key}' failed to satisfy constraint: Member must not be null`]);
  if (!pattern.test(value)) {
    throw invalidParameters([`Value '${value}' at '${key}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${patternText}`]);
  }
  return value;
}

export const groupName = (input: Input, key: string) => required(input, key, LOG_GROUP_PATTERN, '[\\.\\-_/#A-Za-z0-9]+');
export const streamName = (input: Input, key: string) => required(input, key, LOG_STREAM_PATTERN, '[^:*]*');

/** FilterLogEvents names its group by `logGroupName` or by `logGroupIdentifier` (a name or an ARN). */
export function groupIdentifier(input: Input): string {
  const identifier = optionalString(input, 'logGroupIdentifier');
  if (identifier === undefined) return groupName(input, 'logGroupName');
  const arnMatch = /^arn:aws[a-zA-Z-]*:logs:[^:]*:\d{12}:log-group:([^:]+)(?::\*)?$/.exec(identifier);
  return arnMatch?.[1] ?? identifier;
}

export function limitOf(input: Input, max: number): number {
  const limit = optionalNumber(input, 'limit');
  if (limit === undefined) return max;
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw invalidParameters([
      `Value '${limit}' at 'limit' failed to satisfy constraint: Member must have value ${limit < 1 ? 'greater than or equal to 1' : `less than or equal to ${max}`}`,
    ]);
  }
  return limit;
}

/** A required integer member. */
export function requiredInteger(input: Input, key: string): number {
  const value = optionalNumber(input, key);
  if (value === undefined) throw invalidParameters([`Value null at '${key}' failed to satisfy constraint: Member must not be null`]);
  if (!Number.isInteger(value)) throw serializationError(key);
  return value;
}

const TAG_KEY = /^([\p{L}\p{Z}\p{N}_.:/=+\-@]+)$/u;
const TAG_VALUE = /^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$/u;
const TAG_KEY_CONSTRAINTS =
  '[Member must have length less than or equal to 128, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+)$]';
const TAG_VALUE_CONSTRAINTS = '[Member must have length less than or equal to 256, Member must satisfy regular expression pattern: ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$]';

const validTagKey = (key: string): boolean => key.length <= 128 && TAG_KEY.test(key);

/** A `Tags` map: 1 to 50 entries, keys and values of AWS's characters and lengths. */
export function tagMap(input: Input, key: string, required: boolean): Record<string, string> | undefined {
  const value = input[key];
  if (value === undefined || value === null) {
    if (required) throw invalidParameters([`Value null at '${key}' failed to satisfy constraint: Member must not be null`]);
    return undefined;
  }
  if (typeof value !== 'object' || Array.isArray(value) || Object.values(value).some((item) => typeof item !== 'string')) {
    throw serializationError(key);
  }
  const tags = value as Record<string, string>;
  const shown = `{${Object.entries(tags)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ')}}`;
  const size = Object.keys(tags).length;
  const problems: string[] = [];
  if (size < 1 || size > 50) {
    problems.push(`Value '${shown}' at '${key}' failed to satisfy constraint: Member must have length ${size < 1 ? 'greater than or equal to 1' : 'less than or equal to 50'}`);
  }
  if (Object.keys(tags).some((tagKey) => !validTagKey(tagKey))) {
    problems.push(`Value '${shown}' at '${key}' failed to satisfy constraint: Map keys must satisfy constraint: ${TAG_KEY_CONSTRAINTS}`);
  }
  if (Object.values(tags).some((tagValue) => tagValue.length > 256 || !TAG_VALUE.test(tagValue))) {
    problems.push(`Value '${shown}' at '${key}' failed to satisfy constraint: Map value must satisfy constraint: ${TAG_VALUE_CONSTRAINTS}`);
  }
  if (problems.length > 0) throw invalidParameters(problems);
  return tags;
}

/** A list of tag keys: `min` to 50 of them, each a valid tag key. */
export function tagKeyList(input: Input, key: string, min: number): string[] {
  const keys = optionalStringList(input, key);
  if (keys === undefined) throw invalidParameters([`Value null at '${key}' failed to satisfy constraint: Member must not be null`]);
  const shown = `[${keys.join(', ')}]`;
  const problems: string[] = [];
  if (keys.length < min || keys.length > 50) {
    problems.push(`Value '${shown}' at '${key}' failed to satisfy constraint: Member must have length ${keys.length < min ? `greater than or equal to ${min}` : 'less than or equal to 50'}`);
  }
  if (keys.some((tagKey) => !validTagKey(tagKey))) {
    problems.push(`Value '${shown}' at '${key}' failed to satisfy constraint: Member must satisfy constraint: ${TAG_KEY_CONSTRAINTS}`);
  }
  if (problems.length > 0) throw invalidParameters(problems);
  return keys;
}

/** A filter pattern member: at most 1024 characters (its syntax is the core's to judge). */
export function filterPatternOf(input: Input): string | undefined {
  const pattern = optionalString(input, 'filterPattern');
  if (pattern !== undefined && pattern.length > 1024) {
    throw invalidParameters([`Value '${pattern}' at 'filterPattern' failed to satisfy constraint: Member must have length less than or equal to 1024`]);
  }
  return pattern;
}
