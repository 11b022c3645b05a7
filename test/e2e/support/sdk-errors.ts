import assert from 'node:assert/strict';

/** An error as an SDK v3 client reports it. */
export interface SdkFailure {
  /** The error's code: `x-amzn-ErrorType` or `__type` (json), `Code` (query). */
  name: string;
  /** `Code`: the query protocol's code that awsQueryCompatible services (SQS) add, e.g. `AWS.SimpleQueueService.NonExistentQueue`. */
  code: string | undefined;
  message: string;
  status: number | undefined;
  /** `Reason` of Lambda's TooManyRequestsException. */
  reason: unknown;
}

/** The error a call is rejected with. */
export async function sdkError(call: Promise<unknown>): Promise<SdkFailure> {
  try {
    await call;
  } catch (error) {
    const e = error as { name: string; Code?: string; message: string; Reason?: unknown; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, code: e.Code, message: e.message, status: e.$metadata?.httpStatusCode, reason: e.Reason };
  }
  assert.fail('expected the call to fail, but it succeeded');
}

/** Awaits a call that must fail and checks the error's name, HTTP status and (when given) message. */
export async function expectError(call: Promise<unknown>, name: string, status: number, message?: string | RegExp): Promise<SdkFailure> {
  const error = await sdkError(call);
  assert.equal(error.name, name, `error name (message: ${error.message})`);
  assert.equal(error.status, status, `HTTP status of ${name}`);
  if (typeof message === 'string') assert.equal(error.message, message);
  else if (message !== undefined) assert.match(error.message, message);
  return error;
}
