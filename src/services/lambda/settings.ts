import { invalidParameterValue } from '../../lib/errors.js';
import type { FunctionSettings } from '../../core/functions/function-registry.js';
import {
  checkDeadLetterTarget,
  checkEnvironment,
  checkEnvironmentRules,
  checkLogGroup,
  checkRole,
  checkRuntime,
  checkRuntimeSupported,
  optionalInteger,
  optionalObject,
  optionalString,
  optionalStringList,
  optionalStringMap,
  Problems,
} from './validation.js';

/**
 * Reads the function settings of a CreateFunction or UpdateFunctionConfiguration body: only the members
 * present, validated as AWS validates them. Unknown members are ignored, as AWS does.
 */
export function readSettings(body: Record<string, unknown>, problems: Problems): Partial<FunctionSettings> {
  const settings: Partial<FunctionSettings> = {};
  const runtime = optionalString(body, 'Runtime');
  const role = optionalString(body, 'Role');
  const handler = optionalString(body, 'Handler');
  const description = optionalString(body, 'Description');
  const timeout = optionalInteger(body, 'Timeout');
  const memorySize = optionalInteger(body, 'MemorySize');
  const environment = optionalObject(body, 'Environment');
  const variables = environment === undefined ? undefined : (optionalStringMap(environment, 'Variables') ?? {});
  const deadLetter = optionalObject(body, 'DeadLetterConfig');
  const deadLetterTarget = deadLetter === undefined ? undefined : optionalString(deadLetter, 'TargetArn');
  const tracing = optionalObject(body, 'TracingConfig');
  const tracingMode = tracing === undefined ? undefined : optionalString(tracing, 'Mode');
  const ephemeral = optionalObject(body, 'EphemeralStorage');
  const ephemeralSize = ephemeral === undefined ? undefined : optionalInteger(ephemeral, 'Size');
  const logging = optionalObject(body, 'LoggingConfig');
  const logFormat = logging === undefined ? undefined : optionalString(logging, 'LogFormat');
  const logGroup = logging === undefined ? undefined : optionalString(logging, 'LogGroup');

  checkRuntime(problems, runtime);
  checkRole(problems, role);
  problems.maxLength(handler, 'handler', 128);
  problems.pattern(handler, 'handler', '[^\\s]+');
  problems.maxLength(description, 'description', 256);
  problems.range(timeout, 'timeout', 1, 900);
  problems.range(memorySize, 'memorySize', 128, 10240);
  checkEnvironment(problems, variables);
  checkDeadLetterTarget(problems, deadLetterTarget);
  problems.oneOf(tracingMode, 'tracingConfig.mode', ['Active', 'PassThrough']);
  problems.range(ephemeralSize, 'ephemeralStorage.size', 512, 10240);
  problems.oneOf(logFormat, 'loggingConfig.logFormat', ['JSON', 'Text']);
  checkLogGroup(problems, logGroup);
  problems.throwIfAny();

  if (runtime !== undefined) checkRuntimeSupported(runtime);
  checkEnvironmentRules(variables);
  if (logFormat === 'JSON') throw invalidParameterValue('Eventide writes logs in the Text format only; LogFormat JSON is not supported yet.');

  if (runtime !== undefined) settings.runtime = runtime;
  if (role !== undefined) settings.role = role;
  if (handler !== undefined) settings.handler = handler;
  if (description !== undefined) settings.description = description;
  if (timeout !== undefined) settings.timeout = timeout;
  if (memorySize !== undefined) settings.memorySize = memorySize;
  if (variables !== undefined) settings.environment = variables;
  // An empty TargetArn removes the dead-letter queue.
  if (deadLetter !== undefined) settings.deadLetterTargetArn = deadLetterTarget === '' ? undefined : deadLetterTarget;
  if (tracingMode !== undefined) settings.tracingMode = tracingMode;
  if (ephemeralSize !== undefined) settings.ephemeralStorageSize = ephemeralSize;
  if (logFormat !== undefined) settings.logFormat = logFormat;
  if (logGroup !== undefined) settings.logGroup = logGroup;
  return settings;
}

/** CreateFunction's settings: what the body gives, and Lambda's defaults for the rest. */
export function readCreateSettings(body: Record<string, unknown>, name: string): FunctionSettings {
  const problems = new Problems();
  problems.required(body.Role, 'role');
  const architectures = optionalStringList(body, 'Architectures');
  if (architectures !== undefined) {
    if (architectures.length !== 1) problems.add(architectures, 'architectures', 'Member must have length less than or equal to 1');
    for (const architecture of architectures) problems.oneOf(architecture, 'architectures', ['x86_64', 'arm64']);
  }
  const packageType = optionalString(body, 'PackageType');
  problems.oneOf(packageType, 'packageType', ['Zip', 'Image']);
  const settings = readSettings(body, problems);
  if (packageType === 'Image') throw invalidParameterValue('Eventide runs Zip packages only; PackageType Image is not supported yet.');
  if (settings.runtime === undefined || settings.handler === undefined) {
    throw invalidParameterValue('Runtime and Handler are mandatory parameters for functions created with deployment packages.');
  }
  return {
    runtime: settings.runtime,
    role: settings.role ?? '',
    handler: settings.handler,
    description: settings.description ?? '',
    timeout: settings.timeout ?? 3,
    memorySize: settings.memorySize ?? 128,
    environment: settings.environment,
    deadLetterTargetArn: settings.deadLetterTargetArn,
    tracingMode: settings.tracingMode ?? 'PassThrough',
    architectures: architectures ?? ['x86_64'],
    ephemeralStorageSize: settings.ephemeralStorageSize ?? 512,
    logFormat: settings.logFormat ?? 'Text',
    logGroup: settings.logGroup ?? `/aws/lambda/${name}`,
    packageType: 'Zip',
    tags: optionalStringMap(body, 'Tags') ?? {},
  };
}

/** The zip of `Code.ZipFile` (CreateFunction) or `ZipFile` (UpdateFunctionCode), base64 on the wire. */
export function readZipFile(container: Record<string, unknown> | undefined): Buffer {
  if (container === undefined) throw invalidParameterValue('Please provide a source for function code.');
  if (container.S3Bucket !== undefined || container.ImageUri !== undefined) {
    throw invalidParameterValue('Eventide takes function code as ZipFile only; S3Bucket/S3Key and ImageUri are not supported yet.');
  }
  const zip = optionalString(container, 'ZipFile');
  if (zip === undefined || zip === '') throw invalidParameterValue('Please provide a source for function code.');
  return Buffer.from(zip, 'base64');
}
