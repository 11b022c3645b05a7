import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deadLetterCall } from '../../../../src/core/functions/execution-role.js';
import { deadLetterMessage } from '../../../../src/core/routing/dead-letter.js';
import type { AsyncEventRecord, AttemptOutcome } from '../../../../src/store/async-events.js';

const failedEvent = (overrides: Partial<AsyncEventRecord> = {}): AsyncEventRecord => ({
  id: 1,
  requestId: '6f1f0c1e-1111-4222-8333-944455556666',
  functionName: 'fn',
  qualifier: '$LATEST',
  payload: Buffer.from('{"order":42}'),
  enqueuedAt: 0,
  acceptedAt: 0,
  state: 'failed',
  attempts: 3,
  backoffs: 0,
  nextAttemptAt: 0,
  leaseUntil: undefined,
  condition: 'RetriesExhausted',
  lastErrorType: 'Error',
  response: Buffer.from('{"errorType":"Error","errorMessage":"Test exception (this is intentional)","trace":[]}'),
  finishedAt: 1,
  ...overrides,
});

describe('dead-letter message', () => {
  it('is the original payload with RequestID, ErrorCode 200 and the function error message', () => {
    const message = deadLetterMessage(failedEvent(), 'function-error');
    assert.equal(message.body, '{"order":42}');
    assert.deepEqual(message.attributes, {
      RequestID: { DataType: 'String', StringValue: '6f1f0c1e-1111-4222-8333-944455556666' },
      ErrorCode: { DataType: 'Number', StringValue: '200' },
      ErrorMessage: { DataType: 'String', StringValue: 'Test exception (this is intentional)' },
    });
  });

  const codes: [string, AttemptOutcome | undefined, Partial<AsyncEventRecord>, string][] = [
    ['a throttled event that aged out', 'throttle', { condition: 'EventAgeExceeded', response: undefined, lastErrorType: 'TooManyRequestsException' }, '429'],
    ['zero reserved concurrency, never ran', undefined, { condition: 'ZeroReservedConcurrency', response: undefined, lastErrorType: undefined }, '429'],
    ['a platform failure', 'system-error', { lastErrorType: 'Runtime.ExitError', response: undefined }, '500'],
    ['a deleted function', undefined, { lastErrorType: 'ResourceNotFoundException', response: undefined }, '404'],
  ];
  for (const [name, outcome, overrides, code] of codes) {
    it(`ErrorCode for ${name} is ${code}`, () => {
      assert.equal(deadLetterMessage(failedEvent(overrides), outcome).attributes.ErrorCode?.StringValue, code);
    });
  }

  it('without an error document, ErrorMessage names the error type or the condition', () => {
    assert.equal(deadLetterMessage(failedEvent({ response: undefined, lastErrorType: 'Sandbox.Timedout' }), 'function-error').attributes.ErrorMessage?.StringValue, 'Sandbox.Timedout');
    assert.equal(deadLetterMessage(failedEvent({ response: Buffer.from('not json'), lastErrorType: undefined, condition: 'ZeroReservedConcurrency' }), undefined).attributes.ErrorMessage?.StringValue, 'ZeroReservedConcurrency');
  });

  it('ErrorMessage keeps the first 1 KB, without splitting a character', () => {
    const long = 'é'.repeat(600); // 1,200 bytes
    const message = deadLetterMessage(failedEvent({ response: Buffer.from(JSON.stringify({ errorMessage: long })) }), 'function-error');
    const kept = message.attributes.ErrorMessage?.StringValue ?? '';
    assert.equal(kept, 'é'.repeat(512));
  });
});

describe('dead-letter call', () => {
  it('names the IAM action and the operation Lambda calls for each target', () => {
    assert.deepEqual(deadLetterCall('arn:aws:sqs:us-east-1:000000000000:dlq'), { action: 'sqs:SendMessage', operation: 'SendMessage', service: 'SQS' });
    assert.deepEqual(deadLetterCall('arn:aws:sns:us-east-1:000000000000:topic'), { action: 'sns:Publish', operation: 'Publish', service: 'SNS' });
    assert.equal(deadLetterCall('arn:aws:lambda:us-east-1:000000000000:function:f'), undefined);
  });
});
