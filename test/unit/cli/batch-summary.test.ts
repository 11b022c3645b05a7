import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ListedEvent } from '../../../src/cli/api-types.js';
import { endedEvent, summarize, summaryLines } from '../../../src/cli/batch-summary.js';

const at = (ms: number) => new Date(Date.UTC(2026, 11, 4, 10, 0, 0, ms)).toISOString();

const listed = (requestId: string, state: 'succeeded' | 'failed', attempts: [number, number][], extra: Partial<ListedEvent> = {}): ListedEvent => ({
  requestId,
  functionName: 'fn',
  state,
  enqueuedAt: at(0),
  attempts: attempts.length,
  approximateInvokeCount: attempts.length,
  attemptLog: attempts.map(([start, end]) => ({ startedAt: at(start), endedAt: at(end), outcome: state === 'succeeded' ? 'success' : 'function-error' })),
  ...extra,
});

test('a batch summary counts outcomes, spreads durations and groups failures by error type', () => {
  const events = [
    listed('a', 'succeeded', [[10, 210]]),
    listed('b', 'failed', [[10, 20], [100, 130], [300, 400]], { lastErrorType: 'Error', condition: 'RetriesExhausted' }),
    listed('c', 'failed', [], { condition: 'ZeroReservedConcurrency' }),
  ];
  const ended = events.map((event) => endedEvent({ requestId: event.requestId, label: `file-${event.requestId}` }, event));
  assert.deepEqual(ended.map((event) => [event.label, event.state, event.invocations, event.durationMs]), [
    ['file-a', 'succeeded', 1, 210],
    ['file-b', 'failed', 3, 400],
    ['file-c', 'failed', 0, undefined],
  ]);
  const summary = summarize(ended, events);
  assert.deepEqual(summary, {
    total: 3,
    succeeded: 1,
    failed: 2,
    elapsedMs: 400,
    eventDurations: { min: 210, median: 210, max: 400 },
    attemptDurations: { min: 10, median: 30, max: 200 },
    failureTypes: [
      { type: 'Error', count: 1 },
      { type: 'ZeroReservedConcurrency', count: 1 },
    ],
  });
  assert.deepEqual(summaryLines(summary), [
    '3 events: 1 succeeded, 2 failed, in 400 ms',
    'Accepted to ended: min 210 ms, median 210 ms, max 400 ms',
    'Attempts:          min 10 ms, median 30 ms, max 200 ms',
    'Failures:          Error ×1, ZeroReservedConcurrency ×1',
  ]);
});
