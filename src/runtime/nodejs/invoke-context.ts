import type { Invocation } from './runtime-api-client.js';

/** The function's fixed identity, read from the environment once at start-up. */
export interface FunctionInfo {
  functionName: string;
  functionVersion: string;
  memoryLimitInMB: string;
  logGroupName: string;
  logStreamName: string;
}

/** How the context's legacy completion methods and the callback report back. */
export interface CompletionCallbacks {
  succeed(result: unknown): void;
  fail(error: unknown): void;
}

export interface LambdaContext {
  callbackWaitsForEmptyEventLoop: boolean;
  functionVersion: string;
  functionName: string;
  memoryLimitInMB: string;
  logGroupName: string;
  logStreamName: string;
  clientContext?: unknown;
  identity?: unknown;
  invokedFunctionArn: string;
  awsRequestId: string;
  getRemainingTimeInMillis(): number;
  succeed(result?: unknown): void;
  fail(error?: unknown): void;
  done(error?: unknown, result?: unknown): void;
}

export function readFunctionInfo(env: NodeJS.ProcessEnv): FunctionInfo {
  return {
    functionName: env['AWS_LAMBDA_FUNCTION_NAME'] ?? '',
    functionVersion: env['AWS_LAMBDA_FUNCTION_VERSION'] ?? '$LATEST',
    memoryLimitInMB: env['AWS_LAMBDA_FUNCTION_MEMORY_SIZE'] ?? '128',
    logGroupName: env['AWS_LAMBDA_LOG_GROUP_NAME'] ?? '',
    logStreamName: env['AWS_LAMBDA_LOG_STREAM_NAME'] ?? '',
  };
}

/**
 * Builds the handler's `context`. Property order matters: `JSON.stringify(context)` yields the
 * same keys in the same order as on AWS (functions are skipped by JSON).
 */
export function createInvokeContext(
  info: FunctionInfo,
  invocation: Invocation,
  completion: CompletionCallbacks,
): LambdaContext {
  let waitsForEmptyEventLoop = true;
  const { deadlineMs } = invocation;
  return {
    get callbackWaitsForEmptyEventLoop() {
      return waitsForEmptyEventLoop;
    },
    set callbackWaitsForEmptyEventLoop(value: boolean) {
      waitsForEmptyEventLoop = value;
    },
    functionVersion: info.functionVersion,
    functionName: info.functionName,
    memoryLimitInMB: info.memoryLimitInMB,
    logGroupName: info.logGroupName,
    logStreamName: info.logStreamName,
    ...(invocation.clientContext === undefined ? {} : { clientContext: JSON.parse(invocation.clientContext) }),
    ...(invocation.cognitoIdentity === undefined ? {} : { identity: JSON.parse(invocation.cognitoIdentity) }),
    invokedFunctionArn: invocation.invokedFunctionArn,
    awsRequestId: invocation.requestId,
    getRemainingTimeInMillis: () => deadlineMs - Date.now(),
    succeed: (result) => completion.succeed(result),
    fail: (error) => completion.fail(error ?? 'handled'),
    done: (error, result) => (error === undefined || error === null ? completion.succeed(result) : completion.fail(error)),
  };
}
