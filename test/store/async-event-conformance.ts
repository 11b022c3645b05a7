/**
 * The asynchronous event queue's part of the Store conformance suite: enqueue, claim with leases, settle,
 * heartbeat, lease expiry, due times and the view of a function's events.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AsyncEventRecord, NewAsyncEvent, Settlement } from '../../src/store/async-events.js';
import type { Store } from '../../src/store/store.js';
import { withFreshStore, type OpenStore } from './store-conformance.js';

/** Engine time; the engine clock runs ahead of the wall here, as after an advance. */
export const T0 = 1_700_000_000_000;
/** Real time: what people read, and leases. */
export const W0 = T0 - 7 * 3_600_000;

export const newEvent = (n: number, overrides: Partial<NewAsyncEvent> = {}): NewAsyncEvent => ({
  requestId: `request-${n}`,
  functionName: 'fn',
  qualifier: '',
  payload: Buffer.from(JSON.stringify({ n })),
  enqueuedAt: T0 + n,
  acceptedAt: W0 + n,
  ...overrides,
});

/** An attempt that began at engine time `at` and took 5 ms. */
export const attemptOf = (event: AsyncEventRecord, outcome: 'success' | 'function-error' | 'throttle', at: number) => ({
  eventId: event.id,
  startedAt: at - T0 + W0,
  endedAt: at - T0 + W0 + 5,
  engineEndedAt: at + 5,
  outcome,
  errorType: outcome === 'function-error' ? 'Error' : undefined,
  logGroup: outcome === 'throttle' ? undefined : '/aws/lambda/fn',
  logStream: outcome === 'throttle' ? undefined : '2026/01/01/[$LATEST]0123abcd',
  retryDueAt: undefined,
  fault: undefined,
});

export function describeAsyncEventConformance(name: string, open: OpenStore): void {
  const withStore = (body: (store: Store) => Promise<void>) => withFreshStore(open, body);

  describe(`Store conformance, async event queue: ${name}`, () => {
    test(
      'enqueued events are claimed once, due first, with their payload and a lease',
      withStore(async (store) => {
        await store.enqueueEvents([newEvent(2), newEvent(1), newEvent(3)]);
        const claimed = await store.claimDueEvents(T0 + 10, T0 + 10_000, 2, []);
        assert.deepEqual(claimed.map((event) => event.requestId), ['request-1', 'request-2']);
        assert.deepEqual(JSON.parse(claimed[0]?.payload.toString() ?? ''), { n: 1 });
        assert.ok(claimed.every((event) => event.state === 'running' && event.leaseUntil === T0 + 10_000 && event.attempts === 0));
        assert.deepEqual((await store.claimDueEvents(T0 + 10, T0 + 10_000, 10, [])).map((event) => event.requestId), ['request-3']);
        assert.deepEqual(await store.claimDueEvents(T0 + 10, T0 + 10_000, 10, []), []);
      }),
    );

    test(
      'events not yet due, and events of skipped functions, stay queued',
      withStore(async (store) => {
        await store.enqueueEvents([newEvent(1, { enqueuedAt: T0 + 1000 }), newEvent(2, { functionName: 'busy' })]);
        assert.deepEqual(await store.claimDueEvents(T0 + 500, T0 + 10_000, 10, ['busy']), []);
        assert.equal(await store.nextDueTime(), T0 + 2);
        const claimed = await store.claimDueEvents(T0 + 1000, T0 + 10_000, 10, ['busy']);
        assert.deepEqual(claimed.map((event) => event.requestId), ['request-1']);
      }),
    );

    test(
      'a request id is accepted once',
      withStore(async (store) => {
        await store.enqueueEvents([newEvent(1)]);
        await assert.rejects(store.enqueueEvents([newEvent(1)]));
      }),
    );

    test(
      'a retry settlement puts the event back, counting function attempts but not throttles',
      withStore(async (store) => {
        await store.enqueueEvents([newEvent(1)]);
        const [event] = await store.claimDueEvents(T0 + 10, T0 + 10_000, 1, []);
        assert.ok(event !== undefined);
        const retry: Settlement = { kind: 'retry', id: event.id, nextAttemptAt: T0 + 60_000, attempt: attemptOf(event, 'function-error', T0 + 10), countsAttempt: true, response: Buffer.from('{"errorType":"Error"}'), errorType: 'Error' };
        await store.settleEvents([retry]);
        assert.equal(await store.nextDueTime(), T0 + 60_000);
        const [again] = await store.claimDueEvents(T0 + 60_000, T0 + 70_000, 1, []);
        assert.equal(again?.attempts, 1);
        assert.equal(again?.backoffs, 0);
        assert.equal(again?.lastErrorType, 'Error');
        assert.ok(again !== undefined);
        await store.settleEvents([{ kind: 'retry', id: again.id, nextAttemptAt: T0 + 61_000, attempt: attemptOf(again, 'throttle', T0 + 60_000), countsAttempt: false, response: undefined, errorType: 'TooManyRequestsException' }]);
        const [third] = await store.claimDueEvents(T0 + 61_000, T0 + 70_000, 1, []);
        assert.equal(third?.attempts, 1, 'a throttle is not an attempt');
        assert.equal(third?.backoffs, 1);
      }),
    );

    test(
      'a finish settlement records the condition, the response and the attempt log',
      withStore(async (store) => {
        await store.enqueueEvents([newEvent(1), newEvent(2)]);
        const [first, second] = await store.claimDueEvents(T0 + 10, T0 + 10_000, 2, []);
        assert.ok(first !== undefined && second !== undefined);
        await store.settleEvents([
          { kind: 'finish', id: first.id, state: 'succeeded', condition: 'Success', finishedAt: T0 + 20, attempt: attemptOf(first, 'success', T0 + 10), countsAttempt: true, response: Buffer.from('"ok"'), errorType: undefined, route: false },
          { kind: 'finish', id: second.id, state: 'failed', condition: 'ZeroReservedConcurrency', finishedAt: T0 + 20, attempt: undefined, countsAttempt: false, response: undefined, errorType: undefined, route: false },
        ]);
        const succeeded = await store.listEvents({ functionName: 'fn', state: 'succeeded', afterId: undefined, limit: 10 });
        assert.equal(succeeded.length, 1);
        assert.equal(succeeded[0]?.condition, 'Success');
        assert.equal(succeeded[0]?.attempts, 1);
        assert.equal(succeeded[0]?.response?.toString(), '"ok"');
        assert.deepEqual(succeeded[0]?.attemptLog.map((attempt) => attempt.outcome), ['success']);
        const failed = await store.listEvents({ functionName: 'fn', state: 'failed', afterId: undefined, limit: 10 });
        assert.equal(failed[0]?.condition, 'ZeroReservedConcurrency');
        assert.equal(failed[0]?.attempts, 0);
        assert.deepEqual(failed[0]?.attemptLog, []);
        assert.equal(await store.nextDueTime(), undefined);
      }),
    );

    test(
      'a finish with route puts the event in the outbox: claimed once under a lease, again after it runs out, gone when completed',
      withStore(async (store) => {
        await store.enqueueEvents([newEvent(1), newEvent(2), newEvent(3)]);
        const [ran, never, quiet] = await store.claimDueEvents(T0 + 10, T0 + 10_000, 3, []);
        assert.ok(ran !== undefined && never !== undefined && quiet !== undefined);
        const failure = { state: 'failed', finishedAt: T0 + 20, errorType: 'Error' } as const;
        await store.settleEvents([
          { ...failure, kind: 'finish', id: ran.id, condition: 'RetriesExhausted', attempt: attemptOf(ran, 'function-error', T0 + 10), countsAttempt: true, response: Buffer.from('{"errorMessage":"boom"}'), route: true },
          { ...failure, kind: 'finish', id: never.id, condition: 'ZeroReservedConcurrency', attempt: undefined, countsAttempt: false, response: undefined, route: true },
          { ...failure, kind: 'finish', id: quiet.id, condition: 'RetriesExhausted', attempt: undefined, countsAttempt: false, response: undefined, route: false },
        ]);
        const claimed = await store.claimRoutings(T0 + 30, T0 + 1000, 10);
        assert.deepEqual(claimed.map((routing) => [routing.event.requestId, routing.lastOutcome]), [['request-1', 'function-error'], ['request-2', undefined]]);
        assert.equal(claimed[0]?.event.response?.toString(), '{"errorMessage":"boom"}');
        assert.equal(claimed[0]?.event.condition, 'RetriesExhausted');
        assert.deepEqual(await store.claimRoutings(T0 + 500, T0 + 2000, 10), [], 'leased routings are not claimed twice');
        await store.completeRoutings([{ eventId: ran.id, deliveries: [] }]);
        const again = await store.claimRoutings(T0 + 1000, T0 + 3000, 10);
        assert.deepEqual(again.map((routing) => routing.event.requestId), ['request-2'], 'an expired lease brings an unfinished routing back');
        await store.completeRoutings([{ eventId: never.id, deliveries: [] }]);
        assert.deepEqual(await store.claimRoutings(T0 + 5000, T0 + 9000, 10), []);
      }),
    );

    test(
      'an expired lease brings the event back; a heartbeat keeps a lease alive',
      withStore(async (store) => {
        await store.enqueueEvents([newEvent(1), newEvent(2)]);
        const [kept, lost] = await store.claimDueEvents(T0 + 10, T0 + 1000, 2, []);
        assert.ok(kept !== undefined && lost !== undefined);
        await store.extendLeases([kept.id], T0 + 5000);
        assert.equal(await store.requeueExpiredLeases(T0 + 2000, T0 + 3000), 1);
        assert.equal(await store.nextDueTime(), T0 + 3000, 'due at the engine time it came back');
        const back = await store.claimDueEvents(T0 + 3000, T0 + 9000, 10, []);
        assert.deepEqual(back.map((event) => event.requestId), ['request-2']);
        assert.equal(back[0]?.backoffs, 1, 'a node that died is a system error, not an attempt');
      }),
    );

    test(
      'the view filters queued (never tried) from retrying (tried before) and pages by id',
      withStore(async (store) => {
        await store.enqueueEvents([newEvent(1), newEvent(2), newEvent(3)]);
        const [event] = await store.claimDueEvents(T0 + 1, T0 + 10_000, 1, []);
        assert.ok(event !== undefined);
        await store.settleEvents([{ kind: 'retry', id: event.id, nextAttemptAt: T0 + 60_000, attempt: attemptOf(event, 'function-error', T0 + 1), countsAttempt: true, response: undefined, errorType: 'Error' }]);
        const retrying = await store.listEvents({ functionName: 'fn', state: 'retrying', afterId: undefined, limit: 10 });
        assert.deepEqual(retrying.map((view) => view.requestId), ['request-1']);
        const queued = await store.listEvents({ functionName: 'fn', state: 'queued', afterId: undefined, limit: 10 });
        assert.deepEqual(queued.map((view) => view.requestId), ['request-2', 'request-3']);
        const page = await store.listEvents({ functionName: 'fn', state: undefined, afterId: queued[0]?.id, limit: 10 });
        assert.deepEqual(page.map((view) => view.requestId), ['request-3']);
      }),
    );

    test(
      'the view lists newest first on request, and pages on toward older events',
      withStore(async (store) => {
        await store.enqueueEvents([newEvent(1), newEvent(2), newEvent(3)]);
        const first = await store.listEvents({ functionName: 'fn', state: undefined, afterId: undefined, limit: 2, newestFirst: true });
        assert.deepEqual(first.map((view) => view.requestId), ['request-3', 'request-2']);
        const second = await store.listEvents({ functionName: 'fn', state: undefined, afterId: first.at(-1)?.id, limit: 2, newestFirst: true });
        assert.deepEqual(second.map((view) => view.requestId), ['request-1']);
      }),
    );

    test(
      'the view gives the real times people read beside the engine times that schedule',
      withStore(async (store) => {
        await store.enqueueEvents([newEvent(1)]);
        const [event] = await store.claimDueEvents(T0 + 10, W0 + 10_000, 1, []);
        assert.ok(event !== undefined);
        assert.equal(event.leaseUntil, W0 + 10_000);
        await store.settleEvents([{ kind: 'retry', id: event.id, nextAttemptAt: T0 + 60_000, attempt: attemptOf(event, 'function-error', T0 + 10), countsAttempt: true, response: undefined, errorType: 'Error' }]);
        const [view] = await store.listEvents({ functionName: 'fn', state: undefined, afterId: undefined, limit: 10 });
        assert.equal(view?.enqueuedAt, T0 + 1);
        assert.equal(view?.acceptedAt, W0 + 1);
        assert.equal(view?.nextAttemptAt, T0 + 60_000);
        assert.deepEqual(view?.attemptLog.map(({ startedAt, endedAt, engineEndedAt }) => [startedAt, endedAt, engineEndedAt]), [[W0 + 10, W0 + 15, T0 + 15]]);
      }),
    );

    test(
      'counts by function: queued, retrying, running and failed events per function, succeeded ones left out',
      withStore(async (store) => {
        assert.deepEqual(await store.countEventsByFunction(), []);
        await store.enqueueEvents([newEvent(1), newEvent(2), newEvent(3), newEvent(4), newEvent(5), newEvent(6, { functionName: 'other' })]);
        const [retried, failed, succeeded, running] = await store.claimDueEvents(T0 + 10, T0 + 10_000, 4, ['other']);
        assert.ok(retried !== undefined && failed !== undefined && succeeded !== undefined && running !== undefined);
        await store.settleEvents([
          { kind: 'retry', id: retried.id, nextAttemptAt: T0 + 60_000, attempt: attemptOf(retried, 'function-error', T0 + 10), countsAttempt: true, response: undefined, errorType: 'Error' },
          { kind: 'finish', id: failed.id, state: 'failed', condition: 'RetriesExhausted', finishedAt: T0 + 20, attempt: attemptOf(failed, 'function-error', T0 + 10), countsAttempt: true, response: undefined, errorType: 'Error', route: false },
          { kind: 'finish', id: succeeded.id, state: 'succeeded', condition: 'Success', finishedAt: T0 + 20, attempt: attemptOf(succeeded, 'success', T0 + 10), countsAttempt: true, response: undefined, errorType: undefined, route: false },
        ]);
        assert.deepEqual(await store.countEventsByFunction(), [
          { functionName: 'fn', queued: 1, retrying: 1, running: 1, failed: 1 },
          { functionName: 'other', queued: 1, retrying: 0, running: 0, failed: 0 },
        ]);
      }),
    );

    test(
      'latestEngineTime is the last accept or attempt end recorded',
      withStore(async (store) => {
        assert.equal(await store.latestEngineTime(), 0);
        await store.enqueueEvents([newEvent(5)]);
        assert.equal(await store.latestEngineTime(), T0 + 5);
        const [event] = await store.claimDueEvents(T0 + 10, T0 + 10_000, 1, []);
        assert.ok(event !== undefined);
        await store.settleEvents([{ kind: 'retry', id: event.id, nextAttemptAt: T0 + 60_000, attempt: attemptOf(event, 'function-error', T0 + 100), countsAttempt: true, response: undefined, errorType: 'Error' }]);
        assert.equal(await store.latestEngineTime(), T0 + 105);
      }),
    );
  });
}
