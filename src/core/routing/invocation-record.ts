import type { AsyncEventRecord } from '../../store/async-events.js';

/**
 * Lambda's invocation record: what a destination receives about an asynchronous event's outcome. Members are in
 * AWS's order; `responseContext` and `responsePayload` are left out when the function never ran (zero reserved
 * concurrency, an event that aged out while throttled).
 */
export interface InvocationRecord {
  version: '1.0';
  timestamp: string;
  requestContext: {
    requestId: string;
    functionArn: string;
    condition: string;
    approximateInvokeCount: number;
  };
  requestPayload: unknown;
  responseContext?: {
    statusCode: 200;
    executedVersion: string;
    functionError?: 'Unhandled';
  };
  responsePayload?: unknown;
}

/** A payload or response as the JSON value it holds; text that is not JSON stays text. */
function parsed(body: Buffer | undefined): unknown {
  if (body === undefined || body.length === 0) return null;
  const text = body.toString();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * `qualifiedFunctionArn` is the ARN with the version that ran (`…:function:name:$LATEST`); `timestamp` is wall
 * time, epoch milliseconds.
 */
export function invocationRecord(event: AsyncEventRecord, qualifiedFunctionArn: string, executedVersion: string, timestamp: number): InvocationRecord {
  const record: InvocationRecord = {
    version: '1.0',
    timestamp: new Date(timestamp).toISOString(),
    requestContext: {
      requestId: event.requestId,
      functionArn: qualifiedFunctionArn,
      condition: event.condition ?? (event.state === 'succeeded' ? 'Success' : 'RetriesExhausted'),
      approximateInvokeCount: event.attempts,
    },
    requestPayload: parsed(event.payload),
  };
  if (event.attempts > 0) {
    record.responseContext = { statusCode: 200, executedVersion, ...(event.state === 'failed' ? { functionError: 'Unhandled' as const } : {}) };
    record.responsePayload = parsed(event.response);
  }
  return record;
}
