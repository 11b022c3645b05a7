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
import { checkUnsupportedModel, refuseUnsupported, UNSUPPORTED_IN, type UnsupportedMember } from './unsupported-settings.js';
import { checkVpcConfigRules, readVpcConfig } from './vpc-config.js';
import { tagLimitExceeded, TAGS_LIMIT } from './tags.js';

/** The pattern of `KMSKeyArn` and `SourceKMSKeyArn`; an empty string means "AWS's own key". */
const KMS_KEY_ARN_PATTERN = '(arn:(aws[a-zA-Z-]*)?:[a-z0-9-.]+:.*)|()';

/**
 * Reads the function settings of a CreateFunction or UpdateFunctionConfiguration body: only the members
 * present, validated as AWS validates them; the members of `unsupported` are refused when they ask for
 * something. Unknown members are ignored, as AWS does.
 */
export function readSettings(body: Record<string, unknown>, problems: Problems, unsupported: readonly UnsupportedMember[]): Partial<FunctionSettings> {
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
  const logging = optionalObject(body, 'LoggingConfig') ?? {};
  const logFormat = optionalString(logging, 'LogFormat');
  const logGroup = optionalString(logging, 'LogGroup');
  const applicationLogLevel = optionalString(logging, 'ApplicationLogLevel');
  const systemLogLevel = optionalString(logging, 'SystemLogLevel');
  const snapStart = optionalObject(body, 'SnapStart');
  const snapStartApplyOn = snapStart === undefined ? undefined : optionalString(snapStart, 'ApplyOn');
  const vpcConfig = readVpcConfig(body, problems);
  const kmsKeyArn = optionalString(body, 'KMSKeyArn');

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
  if (ephemeral !== undefined) problems.required(ephemeralSize, 'ephemeralStorage.size');
  problems.range(ephemeralSize, 'ephemeralStorage.size', 512, 10240);
  problems.oneOf(logFormat, 'loggingConfig.logFormat', ['JSON', 'Text']);
  problems.oneOf(applicationLogLevel, 'loggingConfig.applicationLogLevel', ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL']);
  problems.oneOf(systemLogLevel, 'loggingConfig.systemLogLevel', ['DEBUG', 'INFO', 'WARN']);
  checkLogGroup(problems, logGroup);
  problems.oneOf(snapStartApplyOn, 'snapStart.applyOn', ['PublishedVersions', 'None']);
  problems.pattern(kmsKeyArn, 'kMSKeyArn', KMS_KEY_ARN_PATTERN);
  checkUnsupportedModel(problems, body, unsupported);
  problems.throwIfAny();

  if (runtime !== undefined) checkRuntimeSupported(runtime);
  checkEnvironmentRules(variables);
  checkVpcConfigRules(vpcConfig);
  refuseUnsupported(body, unsupported);
  if (logFormat === 'JSON') throw invalidParameterValue('Eventide writes logs in the Text format only; LogFormat JSON is not supported yet.');
  if (applicationLogLevel !== undefined || systemLogLevel !== undefined) {
    throw invalidParameterValue('Eventide writes logs in the Text format only; ApplicationLogLevel and SystemLogLevel, which need LogFormat JSON, are not supported yet.');
  }

  if (runtime !== undefined) settings.runtime = runtime;
  if (role !== undefined) settings.role = role;
  if (handler !== undefined) settings.handler = handler;
  if (description !== undefined) settings.description = description;
  if (timeout !== undefined) settings.timeout = timeout;
  if (memorySize !== undefined) settings.memorySize = memorySize;
  if (variables !== undefined) settings.environment = variables;
  // An empty TargetArn removes the dead-letter queue, an empty KMSKeyArn goes back to AWS's own key.
  if (deadLetter !== undefined) settings.deadLetterTargetArn = deadLetterTarget === '' ? undefined : deadLetterTarget;
  if (kmsKeyArn !== undefined) settings.kmsKeyArn = kmsKeyArn === '' ? undefined : kmsKeyArn;
  if (tracingMode !== undefined) settings.tracingMode = tracingMode;
  if (ephemeralSize !== undefined) settings.ephemeralStorageSize = ephemeralSize;
  if (logFormat !== undefined) settings.logFormat = logFormat;
  if (logGroup !== undefined) settings.logGroup = logGroup;
  if (vpcConfig !== undefined) settings.vpcConfig = vpcConfig;
  return settings;
}

/**
 * SnapStart on published versions: Lambda allows it only for Java, Python 3.12+ and .NET 8+, none of which
 * Eventide runs, and Eventide has no versions to apply it to; `ApplyOn: None` is what every function has.
 */
export function checkSnapStart(body: Record<string, unknown>, runtime: string): void {
  const snapStart = optionalObject(body, 'SnapStart');
  if (snapStart !== undefined && optionalString(snapStart, 'ApplyOn') === 'PublishedVersions') {
    throw invalidParameterValue(`${runtime} is not supported for SnapStart enabled functions.`);
  }
}

/** CreateFunction's settings: what the body gives, and Lambda's defaults for the rest. */
export function readCreateSettings(body: Record<string, unknown>, name: string): FunctionSettings {
  const problems = new Problems();
  problems.required(body.Role, 'role');
  const architectures = readArchitectures(body, problems);
  const packageType = optionalString(body, 'PackageType');
  problems.oneOf(packageType, 'packageType', ['Zip', 'Image']);
  const code = optionalObject(body, 'Code') ?? {};
  const sourceKmsKeyArn = optionalString(code, 'SourceKMSKeyArn');
  problems.pattern(sourceKmsKeyArn, 'code.sourceKMSKeyArn', KMS_KEY_ARN_PATTERN);
  const settings = readSettings(body, problems, UNSUPPORTED_IN.CreateFunction);
  if (packageType === 'Image') throw invalidParameterValue('Eventide runs Zip packages only; PackageType Image is not supported yet.');
  if (settings.runtime === undefined || settings.handler === undefined) {
    throw invalidParameterValue('Runtime and Handler are mandatory parameters for functions created with deployment packages.');
  }
  checkSnapStart(body, settings.runtime);
  const tags = optionalStringMap(body, 'Tags') ?? {};
  if (Object.keys(tags).length > TAGS_LIMIT) throw tagLimitExceeded();
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
    vpcConfig: settings.vpcConfig,
    kmsKeyArn: settings.kmsKeyArn,
    sourceKmsKeyArn: sourceKmsKeyArn === '' ? undefined : sourceKmsKeyArn,
    architectures: architectures ?? ['x86_64'],
    ephemeralStorageSize: settings.ephemeralStorageSize ?? 512,
    logFormat: settings.logFormat ?? 'Text',
    logGroup: settings.logGroup ?? `/aws/lambda/${name}`,
    packageType: 'Zip',
    tags,
  };
}

/** What an UpdateFunctionCode body sets besides the code: the architecture, and the key of the new package. */
export function readCodeSettings(body: Record<string, unknown>): Pick<FunctionSettings, 'sourceKmsKeyArn'> & Partial<Pick<FunctionSettings, 'architectures'>> {
  const problems = new Problems();
  const architectures = readArchitectures(body, problems);
  const sourceKmsKeyArn = optionalString(body, 'SourceKMSKeyArn');
  problems.pattern(sourceKmsKeyArn, 'sourceKMSKeyArn', KMS_KEY_ARN_PATTERN);
  checkUnsupportedModel(problems, body, UNSUPPORTED_IN.UpdateFunctionCode);
  problems.throwIfAny();
  refuseUnsupported(body, UNSUPPORTED_IN.UpdateFunctionCode);
  // Each upload names its own key; one without SourceKMSKeyArn is kept with AWS's own key.
  return { ...(architectures === undefined ? {} : { architectures }), sourceKmsKeyArn: sourceKmsKeyArn === '' ? undefined : sourceKmsKeyArn };
}

function readArchitectures(body: Record<string, unknown>, problems: Problems): string[] | undefined {
  const architectures = optionalStringList(body, 'Architectures');
  problems.maxItems(architectures, 'architectures', 1);
  if (architectures !== undefined && architectures.length === 0) problems.add(architectures, 'architectures', 'Member must have length greater than or equal to 1');
  if (architectures !== undefined && architectures.length <= 1) {
    problems.eachItem(architectures, 'architectures', { minLength: 0, maxLength: Infinity, oneOf: ['x86_64', 'arm64'], notNull: true });
  }
  return architectures;
}

/** The zip of `Code.ZipFile` (CreateFunction) or `ZipFile` (UpdateFunctionCode), base64 on the wire. */
export function readZipFile(container: Record<string, unknown> | undefined): Buffer {
  if (container === undefined) throw invalidParameterValue('Please provide a source for function code.');
  if (['S3Bucket', 'S3Key', 'S3ObjectVersion', 'ImageUri'].some((member) => container[member] !== undefined && container[member] !== null)) {
    throw invalidParameterValue('Eventide takes function code as ZipFile only; S3Bucket/S3Key and ImageUri are not supported yet.');
  }
  const zip = optionalString(container, 'ZipFile');
  if (zip === undefined || zip === '') throw invalidParameterValue('Please provide a source for function code.');
  return Buffer.from(zip, 'base64');
}
