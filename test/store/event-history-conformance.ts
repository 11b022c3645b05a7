/**
 * The event timeline's part of the Store conformance suite: what is recorded about an asynchronous event besides
 * its state (each attempt's log stream and retry, its finish, its deliveries), looking events up by request id,
 * and redriving failed events.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AsyncEventRecord, DeliveryRecord, Settlement } from '../../src/store/async-events.js';
import type { Store } from '../../src/store/store.js';
import { attemptOf, newEvent, T0, W0 } from './async-event-conformance.js';
import { withFreshStore, type OpenStore } from './store-conformance.js';

/** Claims the one due event and fails it for good after one function error, with a routing in the outbox. */
async function failOne(store: Store, n: number): Promise<AsyncEventRecord> {
  await store.enqueueEvents([newEvent(n)]);
  const [event] = await store.claimDueEvents(T0 + 1000, W0 + 10_000, 1, []);
  assert.ok(event !== undefined);
  const failure: Settlement = {
    kind: 'finish',
    id: event.id,
    state: 'failed',
    condition: 'RetriesExhausted',
    finishedAt: W0 + 1005,
    attempt: attemptOf(event, 'function-error', T0 + 1000),
    countsAttempt: true,
    response: Buffer.from('{"errorMessage":"boom"}'),
    errorType: 'Error',
    route: true,
  };
  await store.settleEvents([failure]);
  return event;
}

const delivered = (at: number): DeliveryRecord => ({
  kind: 'delivery',
  at,
  destination: 'dead-letter',
  target: 'arn:aws:sqs:us-east-1:000000000000:dlq',
  result: 'delivered',
  reason: undefined,
});

export function describeEventHistoryConformance(name: string, open: OpenStore): void {
  const withStore = (body: (store: Store) => Promise<void>) => withFreshStore(open, body);

  describe(`Store conformance, event history and redrive: ${name}`, () => {
    test(
      'an event is found by its request id with its attempts (log stream, retry due) and history; unknown ids are not',
      withStore(async (store) => {
        assert.equal(await store.eventHistory('request-1'), undefined);
        await store.enqueueEvents([newEvent(1)]);
        const [event] = await store.claimDueEvents(T0 + 10, W0 + 10_000, 1, []);
        assert.ok(event !== undefined);
        const attempt = { ...attemptOf(event, 'function-error', T0 + 10), retryDueAt: W0 + 60_000 };
        await store.settleEvents([{ kind: 'retry', id: event.id, nextAttemptAt: T0 + 60_000, attempt, countsAttempt: true, response: undefined, errorType: 'Error' }]);
        const history = await store.eventHistory('request-1');
        assert.equal(history?.state, 'queued');
        assert.deepEqual(history?.attemptLog, [attempt]);
        assert.deepEqual(history?.history, []);
        assert.deepEqual((await store.findEvents(['request-1', 'request-9'])).map((found) => [found.requestId, found.state]), [['request-1', 'queued']]);
      }),
    );

    test(
      'a finish is recorded in the history, and a completed routing records its deliveries once',
      withStore(async (store) => {
        const event = await failOne(store, 1);
        const dropped: DeliveryRecord = { ...delivered(W0 + 2001), destination: 'on-failure', result: 'dropped', reason: 'the role may not' };
        await store.completeRoutings([{ eventId: event.id, deliveries: [delivered(W0 + 2000), dropped] }]);
        await store.completeRoutings([{ eventId: event.id, deliveries: [delivered(W0 + 3000)] }]);
        const history = await store.eventHistory('request-1');
        assert.deepEqual(history?.history, [{ kind: 'finished', at: W0 + 1005, state: 'failed', condition: 'RetriesExhausted' }, delivered(W0 + 2000), dropped]);
        assert.deepEqual(await store.claimRoutings(W0 + 5000, W0 + 9000, 10), []);
      }),
    );

    test(
      'a redrive puts a failed event back, due then, with a fresh retry budget and its history kept',
      withStore(async (store) => {
        const event = await failOne(store, 1);
        await store.completeRoutings([{ eventId: event.id, deliveries: [] }]);
        const results = await store.redriveEvents({ ids: [event.id], from: 'dead-letter-queue', at: W0 + 5000, dueAt: T0 + 9000 });
        assert.deepEqual(results, ['redriven']);
        const history = await store.eventHistory('request-1');
        assert.equal(history?.state, 'queued');
        assert.equal(history?.attempts, 0);
        assert.equal(history?.backoffs, 0);
        assert.equal(history?.condition, undefined);
        assert.equal(history?.finishedAt, undefined);
        assert.equal(history?.acceptedAt, W0 + 1, 'accepted when it was');
        assert.equal(history?.attemptLog.length, 1, 'earlier attempts are kept');
        assert.deepEqual(history?.history.map((entry) => entry.kind), ['finished', 'redrive']);
        assert.deepEqual(history?.history[1], { kind: 'redrive', at: W0 + 5000, from: 'dead-letter-queue' });
        assert.equal(await store.nextDueTime(), T0 + 9000);
        const [again] = await store.claimDueEvents(T0 + 9000, W0 + 20_000, 1, []);
        assert.equal(again?.requestId, 'request-1');
        assert.equal(again?.enqueuedAt, T0 + 9000, 'its age counts from the redrive');
        assert.deepEqual(JSON.parse(again?.payload.toString() ?? ''), { n: 1 });
      }),
    );

    test(
      'only failed events whose outcome has left the outbox are redriven; the others are reported and unchanged',
      withStore(async (store) => {
        const routing = await failOne(store, 1);
        await store.enqueueEvents([newEvent(2)]);
        const [queued] = await store.findEvents(['request-2']);
        assert.ok(queued !== undefined);
        const results = await store.redriveEvents({ ids: [routing.id, queued.id, 999], from: 'failed', at: W0 + 5000, dueAt: T0 + 9000 });
        assert.deepEqual(results, ['delivery-pending', 'not-failed', 'not-failed']);
        const history = await store.eventHistory('request-1');
        assert.equal(history?.state, 'failed');
        assert.deepEqual(history?.history.map((entry) => entry.kind), ['finished']);
        assert.equal((await store.eventHistory('request-2'))?.nextAttemptAt, T0 + 2);
      }),
    );
  });
}
