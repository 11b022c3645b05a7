/**
 * The fault-injection part of the Store conformance suite: a function's settings (stored as given, replaced, removed,
 * none for a missing function, gone with the function, kept across a reopen) and the faults on attempt records
 * (an attempt's fault, a duplicate delivery's run, which the outbox does not take for the event's last outcome).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AttemptRecord, NewAsyncEvent } from '../../src/store/async-events.js';
import type { FaultSettings } from '../../src/store/function-faults.js';
import type { Store } from '../../src/store/store.js';
import { acrossReopen, functionRecord as fn, withFreshStore, type OpenStore } from './store-conformance.js';

const NONE: FaultSettings = { duplicateDelivery: undefined, throttleOnAttempts: undefined, systemErrorOnAttempts: undefined, addedLatencyMs: undefined };
const ALL: FaultSettings = { duplicateDelivery: 0.25, throttleOnAttempts: [1, 2], systemErrorOnAttempts: [4], addedLatencyMs: 500 };

const T0 = 1_700_000_000_000;

const newEvent = (functionName: string): NewAsyncEvent => ({
  requestId: `request-${functionName}`,
  functionName,
  qualifier: '',
  payload: Buffer.from('{}'),
  enqueuedAt: T0,
  acceptedAt: T0,
});

const attempt = (eventId: number, at: number, outcome: AttemptRecord['outcome'], fault?: AttemptRecord['fault']): AttemptRecord => ({
  eventId,
  startedAt: at,
  endedAt: at + 5,
  engineEndedAt: at + 5,
  outcome,
  logGroup: undefined,
  logStream: undefined,
  retryDueAt: undefined,
  errorType: outcome === 'success' ? undefined : 'Error',
  fault,
});

export function describeFunctionFaultConformance(name: string, open: OpenStore): void {
  const withStore = (body: (store: Store) => Promise<void>) => withFreshStore(open, body);

  describe(`${name}: function fault settings`, () => {
    test('settings are stored as given, replaced by the next put, and removed', withStore(async (store) => {
      await store.createFunction(fn('f'));
      assert.equal(await store.functionFaults.getFaults('f'), undefined, 'off by default');
      assert.equal(await store.functionFaults.putFaults('f', ALL), true);
      assert.deepEqual(await store.functionFaults.getFaults('f'), ALL);
      const latencyOnly = { ...NONE, addedLatencyMs: 0 };
      assert.equal(await store.functionFaults.putFaults('f', latencyOnly), true);
      assert.deepEqual(await store.functionFaults.getFaults('f'), latencyOnly, 'a put replaces every member');
      assert.equal(await store.functionFaults.deleteFaults('f'), true);
      assert.equal(await store.functionFaults.getFaults('f'), undefined);
      assert.equal(await store.functionFaults.deleteFaults('f'), false, 'nothing left to delete');
    }));

    test('none are written for a missing function, and a deleted function takes its settings along', withStore(async (store) => {
      assert.equal(await store.functionFaults.putFaults('ghost', ALL), false);
      assert.equal(await store.functionFaults.getFaults('ghost'), undefined);
      await store.createFunction(fn('f'));
      await store.createFunction(fn('g'));
      await store.functionFaults.putFaults('f', ALL);
      await store.functionFaults.putFaults('g', { ...NONE, duplicateDelivery: 1 });
      await store.deleteFunction('f');
      await store.createFunction(fn('f'));
      assert.equal(await store.functionFaults.getFaults('f'), undefined, 'a function created again starts without faults');
      assert.deepEqual(await store.functionFaults.getFaults('g'), { ...NONE, duplicateDelivery: 1 });
    }));

    test('an attempt keeps its fault; a duplicate run is logged but is not the event\'s last outcome', withStore(async (store) => {
      await store.enqueueEvents([newEvent('f')]);
      const [event] = await store.claimDueEvents(T0, T0 + 10_000, 1, []);
      assert.ok(event !== undefined);
      await store.settleEvents([
        { kind: 'retry', id: event.id, nextAttemptAt: T0 + 1000, attempt: attempt(event.id, T0, 'throttle', 'throttle'), countsAttempt: false, response: undefined, errorType: 'TooManyRequestsException' },
      ]);
      const [again] = await store.claimDueEvents(T0 + 1000, T0 + 20_000, 1, []);
      assert.ok(again !== undefined);
      assert.equal(again.attempts, 0);
      await store.settleEvents([
        {
          kind: 'finish',
          id: again.id,
          state: 'failed',
          condition: 'RetriesExhausted',
          finishedAt: T0 + 1010,
          route: true,
          attempt: attempt(again.id, T0 + 1000, 'function-error', 'latency'),
          duplicate: attempt(again.id, T0 + 1006, 'success', 'duplicate-delivery'),
          countsAttempt: true,
          response: Buffer.from('{"errorMessage":"boom"}'),
          errorType: 'Error',
        },
      ]);
      const [listed] = await store.listEvents({ functionName: 'f', state: undefined, afterId: undefined, limit: 10 });
      assert.deepEqual(
        listed?.attemptLog.map((record) => [record.outcome, record.fault]),
        [['throttle', 'throttle'], ['function-error', 'latency'], ['success', 'duplicate-delivery']],
      );
      assert.equal(listed?.attempts, 1, 'the duplicate run does not count as an attempt');
      const [routing] = await store.claimRoutings(T0 + 2000, T0 + 3000, 10);
      assert.equal(routing?.lastOutcome, 'function-error', 'the event\'s last outcome is its own attempt\'s, not the duplicate\'s');
    }));

    test('settings persist across a reopen', acrossReopen(
      open,
      async (store) => {
        await store.createFunction(fn('f'));
        await store.functionFaults.putFaults('f', ALL);
      },
      async (store) => assert.deepEqual(await store.functionFaults.getFaults('f'), ALL),
    ));
  });
}
