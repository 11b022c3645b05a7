import { createHash } from 'node:crypto';
import type { AccountScope } from '../../lib/arn.js';
import { functionArn } from '../../lib/arn.js';
import { lambdaTimestamp } from '../../lib/time-format.js';
import type { FunctionRecord } from '../../store/store.js';
import { vpcConfigResponse } from './vpc-config.js';

/** Lambda's FunctionConfiguration shape, member for member as AWS returns it; optional members only when set. */
export function functionConfiguration(fn: FunctionRecord, scope: AccountScope): Record<string, unknown> {
  return {
    FunctionName: fn.name,
    FunctionArn: functionArn(scope, fn.name),
    Runtime: fn.runtime,
    Role: fn.role,
    Handler: fn.handler,
    CodeSize: fn.codeSize,
    Description: fn.description,
    Timeout: fn.timeout,
    MemorySize: fn.memorySize,
    LastModified: lambdaTimestamp(fn.lastModified),
    CodeSha256: fn.codeSha256,
    Version: '$LATEST',
    ...(fn.vpcConfig === undefined ? {} : { VpcConfig: vpcConfigResponse(fn.vpcConfig, scope) }),
    ...(fn.environment === undefined ? {} : { Environment: { Variables: fn.environment } }),
    ...(fn.deadLetterTargetArn === undefined ? {} : { DeadLetterConfig: { TargetArn: fn.deadLetterTargetArn } }),
    ...(fn.kmsKeyArn === undefined ? {} : { KMSKeyArn: fn.kmsKeyArn }),
    TracingConfig: { Mode: fn.tracingMode },
    RevisionId: fn.revisionId,
    State: 'Active',
    LastUpdateStatus: 'Successful',
    PackageType: fn.packageType,
    Architectures: fn.architectures,
    EphemeralStorage: { Size: fn.ephemeralStorageSize },
    SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
    RuntimeVersionConfig: { RuntimeVersionArn: runtimeVersionArn(scope, fn.runtime) },
    LoggingConfig: { LogFormat: fn.logFormat, LogGroup: fn.logGroup },
  };
}

/** A stable runtime version ARN per runtime, in AWS's form (`arn:aws:lambda:<region>::runtime:<64 hex>`). */
function runtimeVersionArn(scope: AccountScope, runtime: string): string {
  return `arn:aws:lambda:${scope.region}::runtime:${createHash('sha256').update(`eventide:${runtime}`).digest('hex')}`;
}
