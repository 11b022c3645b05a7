import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { invocationRecord } from '../../../../src/core/routing/invocation-record.js';
import type { AsyncEventRecord } from '../../../../src/store/async-events.js';

const ARN = 'arn:aws:lambda:us-east-1:000000000000:function:fn:$LATEST';
const AT = Date.parse('2025-11-24T23:11:08.421Z');

const finished = (overrides: Partial<AsyncEventRecord>): AsyncEventRecord => ({
  id: 1,
  requestId: '5c8e1a52-8a4b-4b0a-9d7e-0b6a7d3f1c11',
  functionName: 'fn',
  qualifier: '',
  payload: Buffer.from('{"mode":"success"}'),
  enqueuedAt: 0,
  acceptedAt: 0,
  state: 'succeeded',
  attempts: 1,
  backoffs: 0,
  nextAttemptAt: 0,
  leaseUntil: undefined,
  condition: 'Success',
  lastErrorType: undefined,
  response: Buffer.from('{"hello":"world"}'),
  finishedAt: 1,
  ...overrides,
});

describe('invocation record', () => {
  it('a success: request and response, no functionError', () => {
    assert.deepEqual(invocationRecord(finished({}), ARN, '$LATEST', AT), {
      version: '1.0',
      timestamp: '2025-11-24T23:11:08.421Z',
      requestContext: { requestId: '5c8e1a52-8a4b-4b0a-9d7e-0b6a7d3f1c11', functionArn: ARN, condition: 'Success', approximateInvokeCount: 1 },
      requestPayload: { mode: 'success' },
      responseContext: { statusCode: 200, executedVersion: '$LATEST' },
      responsePayload: { hello: 'world' },
    });
  });

  it('retries exhausted: the last error document, functionError Unhandled, every attempt counted', () => {
    const record = invocationRecord(
      finished({ state: 'failed', condition: 'RetriesExhausted', attempts: 3, response: Buffer.from('{"errorType":"Error","errorMessage":"boom"}') }),
      ARN,
      '$LATEST',
      AT,
    );
    assert.deepEqual(record.requestContext.approximateInvokeCount, 3);
    assert.deepEqual(record.responseContext, { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' });
    assert.deepEqual(record.responsePayload, { errorType: 'Error', errorMessage: 'boom' });
  });

  it('never ran (zero reserved concurrency): no response members, count 0', () => {
    const record = invocationRecord(finished({ state: 'failed', condition: 'ZeroReservedConcurrency', attempts: 0, response: undefined }), ARN, '$LATEST', AT);
    assert.deepEqual(Object.keys(record), ['version', 'timestamp', 'requestContext', 'requestPayload']);
    assert.equal(record.requestContext.approximateInvokeCount, 0);
  });

  it('a handler that returned nothing has a null responsePayload', () => {
    assert.equal(invocationRecord(finished({ response: Buffer.alloc(0) }), ARN, '$LATEST', AT).responsePayload, null);
  });
});
