import assert from 'node:assert/strict';
import { test } from 'node:test';
import { timelineEntries } from '../../../../src/core/invoke/event-timeline.js';
import type { AsyncEventHistory, AttemptRecord } from '../../../../src/store/async-events.js';

const attempt = (startedAt: number, endedAt: number, retryDueAt?: number): AttemptRecord => ({
  eventId: 1,
  startedAt,
  endedAt,
  engineEndedAt: endedAt,
  outcome: 'function-error',
  errorType: 'Error',
  logGroup: '/aws/lambda/fn',
  logStream: 'stream',
  retryDueAt,
});

const event = (attemptLog: AttemptRecord[], history: AsyncEventHistory['history']): AsyncEventHistory => ({
  id: 1,
  requestId: 'r',
  functionName: 'fn',
  qualifier: '',
  payload: Buffer.from('{}'),
  enqueuedAt: 0,
  acceptedAt: 100,
  state: 'failed',
  attempts: 1,
  backoffs: 0,
  nextAttemptAt: 0,
  leaseUntil: undefined,
  condition: 'RetriesExhausted',
  lastErrorType: 'Error',
  response: undefined,
  finishedAt: 400,
  attemptLog,
  history,
});

test('attempts are numbered over the whole life, each retry follows its attempt, history falls in time order', () => {
  const entries = timelineEntries(
    event(
      [attempt(110, 120, 200), attempt(200, 210), attempt(600, 610)],
      [
        { kind: 'finished', at: 210, state: 'failed', condition: 'RetriesExhausted' },
        { kind: 'redrive', at: 500, from: 'failed' },
        { kind: 'finished', at: 610, state: 'failed', condition: 'RetriesExhausted' },
      ],
    ),
  );
  assert.deepEqual(
    entries.map((entry) => [entry.kind, entry.at, entry.kind === 'attempt' ? entry.attempt : undefined]),
    [
      ['accepted', 100, undefined],
      ['attempt', 110, 1],
      ['retry-scheduled', 120, undefined],
      ['attempt', 200, 2],
      ['finished', 210, undefined],
      ['redrive', 500, undefined],
      ['attempt', 600, 3],
      ['finished', 610, undefined],
    ],
  );
  assert.deepEqual(entries[2], { kind: 'retry-scheduled', at: 120, dueAt: 200 });
});

test('entries of the same millisecond keep the order they happened in', () => {
  const delivery = { kind: 'delivery', at: 100, destination: 'dead-letter', target: 'arn:aws:sqs:us-east-1:000000000000:dlq', result: 'delivered', reason: undefined } as const;
  const entries = timelineEntries(event([attempt(100, 100)], [{ kind: 'finished', at: 100, state: 'failed', condition: 'RetriesExhausted' }, delivery]));
  assert.deepEqual(entries.map((entry) => entry.kind), ['accepted', 'attempt', 'finished', 'delivery']);
});
