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
  clientContext: unknown;
  identity: unknown;
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
 * Builds the handler's `context`. Property order matters: `JSON.stringify(context)` yields the same
 * keys in the same order as on AWS (functions and the `undefined` clientContext/identity are skipped).
 * `callbackWaitsForEmptyEventLoop` is a plain data property, read when the callback is called: an
 * accessor in an object literal costs microseconds per invoke, a data property behaves the same.
 */
export function createInvokeContext(
  info: FunctionInfo,
  invocation: Invocation,
  completion: CompletionCallbacks,
): LambdaContext {
  const { deadlineMs } = invocation;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionVersion: info.functionVersion,
    functionName: info.functionName,
    memoryLimitInMB: info.memoryLimitInMB,
    logGroupName: info.logGroupName,
    logStreamName: info.logStreamName,
    clientContext: parseOptionalJson(invocation.clientContext),
    identity: parseOptionalJson(invocation.cognitoIdentity),
    invokedFunctionArn: invocation.invokedFunctionArn,
    awsRequestId: invocation.requestId,
    getRemainingTimeInMillis: () => deadlineMs - Date.now(),
    succeed: (result) => completion.succeed(result),
    fail: (error) => completion.fail(error ?? 'handled'),
    done: (error, result) => (error === undefined || error === null ? completion.succeed(result) : completion.fail(error)),
  };
}

function parseOptionalJson(json: string | undefined): unknown {
  return json === undefined ? undefined : JSON.parse(json);
}
