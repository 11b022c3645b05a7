/**
 * The SQS part of the Store conformance suite: queues (create, list, attributes and tags as patches, delete) and
 * their messages (durable sends, claims with visibility and receipt tokens, redrive, retention, stale receipts).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { NewQueueMessage, QueueRecord, QueueStore, ReceiveOutcome, ReceiveRequest } from '../../src/store/sqs.js';
import type { Store } from '../../src/store/store.js';
import { withFreshStore, type OpenStore } from './store-conformance.js';

const T0 = 1_700_000_000_000;

const queueRecord = (name: string, overrides: Partial<QueueRecord> = {}): QueueRecord => ({
  name,
  attributes: { VisibilityTimeout: '30' },
  tags: {},
  createdAt: T0,
  lastModifiedAt: T0,
  ...overrides,
});

const message = (queueName: string, n: number, overrides: Partial<NewQueueMessage> = {}): NewQueueMessage => ({
  queueName,
  messageId: `message-${n}`,
  body: `body ${n}`,
  md5OfBody: `md5-${n}`,
  attributes: undefined,
  senderId: '000000000000',
  sentAt: T0 + n,
  visibleAt: T0 + n,
  ...overrides,
});

const receive = (queueName: string, now: number, overrides: Partial<ReceiveRequest> = {}): ReceiveRequest => ({
  queueName,
  now,
  visibleUntil: now + 30_000,
  limit: 10,
  expiredBefore: 0,
  redrive: undefined,
  ...overrides,
});

const bodies = (outcome: { messages: { body: string }[] }) => outcome.messages.map((m) => m.body).sort();

/** One receive, alone in its transaction. */
async function receiveOne(queues: QueueStore, request: ReceiveRequest): Promise<ReceiveOutcome> {
  const [outcome] = await queues.receiveMessages([request]);
  assert.ok(outcome !== undefined);
  return outcome;
}

export function describeQueueStoreConformance(name: string, open: OpenStore): void {
  const withQueues = (body: (queues: QueueStore) => Promise<void>) => withFreshStore(open, (store) => body(store.queues));

  describe(`Store conformance, SQS queues: ${name}`, () => {
    test(
      'a queue is created once; names list in order, by prefix, after a name',
      withQueues(async (queues) => {
        assert.equal(await queues.createQueue(queueRecord('jobs', { tags: { team: 'core' } })), true);
        assert.equal(await queues.createQueue(queueRecord('jobs', { attributes: {} })), false);
        assert.deepEqual(await queues.getQueue('jobs'), queueRecord('jobs', { tags: { team: 'core' } }));
        assert.equal(await queues.getQueue('other'), undefined);
        for (const queue of ['jobs-b', 'jobs-a', 'mail']) await queues.createQueue(queueRecord(queue));
        assert.deepEqual(await queues.listQueueNames('', undefined, 10), ['jobs', 'jobs-a', 'jobs-b', 'mail']);
        assert.deepEqual(await queues.listQueueNames('jobs-', undefined, 10), ['jobs-a', 'jobs-b']);
        assert.deepEqual(await queues.listQueueNames('', 'jobs-a', 2), ['jobs-b', 'mail']);
      }),
    );

    test(
      'attributes and tags change as patches: null removes a key',
      withQueues(async (queues) => {
        await queues.createQueue(queueRecord('jobs', { attributes: { VisibilityTimeout: '30', Policy: '{}' }, tags: { a: '1', b: '2' } }));
        assert.equal(await queues.updateQueueAttributes('jobs', { DelaySeconds: '5', Policy: null }, T0 + 1000), true);
        assert.equal(await queues.updateQueueTags('jobs', { b: null, c: '3' }), true);
        const queue = await queues.getQueue('jobs');
        assert.deepEqual(queue?.attributes, { VisibilityTimeout: '30', DelaySeconds: '5' });
        assert.deepEqual(queue?.tags, { a: '1', c: '3' });
        assert.equal(queue?.lastModifiedAt, T0 + 1000);
        assert.equal(await queues.updateQueueAttributes('missing', {}, T0), false);
        assert.equal(await queues.updateQueueTags('missing', {}), false);
      }),
    );

    test(
      'a sent message is received once, hidden until its visibility ends, with a new receipt each time',
      withQueues(async (queues) => {
        await queues.createQueue(queueRecord('jobs'));
        assert.deepEqual(await queues.sendMessages([message('jobs', 1, { attributes: '{"a":1}' })]), []);
        const first = await receiveOne(queues, receive('jobs', T0 + 10, { visibleUntil: T0 + 1000 }));
        assert.equal(first.messages.length, 1);
        const [claimed] = first.messages;
        assert.ok(claimed !== undefined && claimed.receipt !== undefined);
        assert.deepEqual(
          { ...claimed, id: 0, receipt: '' },
          { ...message('jobs', 1, { attributes: '{"a":1}' }), id: 0, receipt: '', visibleAt: T0 + 1000, receiveCount: 1, firstReceivedAt: T0 + 10, deadLetterSourceQueue: undefined },
        );
        const hidden = await receiveOne(queues, receive('jobs', T0 + 999));
        assert.deepEqual(hidden.messages, []);
        assert.equal(hidden.nextVisibleAt, T0 + 1000);
        const again = await receiveOne(queues, receive('jobs', T0 + 1000));
        assert.equal(again.messages[0]?.receiveCount, 2);
        assert.equal(again.messages[0]?.firstReceivedAt, T0 + 10);
        assert.notEqual(again.messages[0]?.receipt, claimed.receipt);
      }),
    );

    test(
      'a receive claims at most its limit; delayed messages wait; counts tell visible, in flight and delayed apart',
      withQueues(async (queues) => {
        await queues.createQueue(queueRecord('jobs'));
        await queues.sendMessages([message('jobs', 1), message('jobs', 2), message('jobs', 3), message('jobs', 4, { visibleAt: T0 + 20_000 })]);
        assert.deepEqual(bodies(await receiveOne(queues, receive('jobs', T0 + 10, { limit: 2 }))), ['body 1', 'body 2']);
        assert.deepEqual(await queues.countMessages('jobs', T0 + 10, 0), { visible: 1, inFlight: 2, delayed: 1 });
        assert.deepEqual(bodies(await receiveOne(queues, receive('jobs', T0 + 10))), ['body 3']);
        assert.deepEqual(bodies(await receiveOne(queues, receive('jobs', T0 + 20_000))), ['body 4']);
      }),
    );

    test(
      'only the latest receipt deletes a message or changes its visibility',
      withQueues(async (queues) => {
        await queues.createQueue(queueRecord('jobs'));
        await queues.sendMessages([message('jobs', 1)]);
        const [older] = (await receiveOne(queues, receive('jobs', T0 + 10, { visibleUntil: T0 + 20 }))).messages;
        const [latest] = (await receiveOne(queues, receive('jobs', T0 + 20))).messages;
        assert.ok(older?.receipt !== undefined && latest?.receipt !== undefined);
        const olderRef = { queueName: 'jobs', id: older.id, receipt: older.receipt };
        const latestRef = { queueName: 'jobs', id: latest.id, receipt: latest.receipt };
        assert.deepEqual(await queues.changeMessageVisibility([{ ...olderRef, visibleAt: T0 }, { ...latestRef, visibleAt: T0 + 25 }]), [false, true]);
        await queues.deleteMessages([olderRef]);
        assert.deepEqual(bodies(await receiveOne(queues, receive('jobs', T0 + 25, { visibleUntil: T0 + 30 }))), ['body 1']);
        const [third] = (await receiveOne(queues, receive('jobs', T0 + 30))).messages;
        const thirdRef = { queueName: 'jobs', id: third?.id ?? 0, receipt: third?.receipt ?? '' };
        await queues.deleteMessages([{ ...thirdRef, queueName: 'other' }]);
        assert.equal((await queues.countMessages('jobs', T0 + 30, 0)).inFlight, 1, 'a receipt names its queue');
        await queues.deleteMessages([thirdRef]);
        assert.deepEqual(await queues.countMessages('jobs', T0 + 100_000, 0), { visible: 0, inFlight: 0, delayed: 0 });
        assert.deepEqual(await queues.changeMessageVisibility([{ ...thirdRef, visibleAt: T0 }]), [false]);
      }),
    );

    test(
      'receives given together run in order in one transaction: no message is handed out twice',
      withQueues(async (queues) => {
        await queues.createQueue(queueRecord('jobs'));
        await queues.createQueue(queueRecord('mail'));
        await queues.sendMessages([message('jobs', 1), message('jobs', 2), message('jobs', 3), message('mail', 4)]);
        const outcomes = await queues.receiveMessages([
          receive('jobs', T0 + 10, { limit: 2 }),
          receive('jobs', T0 + 10, { limit: 2 }),
          receive('mail', T0 + 10),
          receive('jobs', T0 + 10),
        ]);
        assert.deepEqual(outcomes.map(bodies), [['body 1', 'body 2'], ['body 3'], ['body 4'], []]);
        assert.equal(outcomes[3]?.nextVisibleAt, T0 + 30_010);
      }),
    );

    test(
      'a message received maxReceiveCount times moves to the dead-letter queue instead of being received again',
      withQueues(async (queues) => {
        await queues.createQueue(queueRecord('jobs'));
        await queues.createQueue(queueRecord('dead'));
        await queues.sendMessages([message('jobs', 1)]);
        const redrive = { maxReceiveCount: 2, deadLetterQueueName: 'dead' };
        for (const at of [T0 + 10, T0 + 20]) {
          assert.equal((await receiveOne(queues, receive('jobs', at, { visibleUntil: at + 5, redrive }))).messages.length, 1);
        }
        const third = await receiveOne(queues, receive('jobs', T0 + 30, { redrive }));
        assert.deepEqual(third.messages, []);
        assert.equal(third.movedToDeadLetterQueue, 1);
        const [moved] = (await receiveOne(queues, receive('dead', T0 + 30))).messages;
        assert.equal(moved?.messageId, 'message-1');
        assert.equal(moved?.sentAt, T0 + 1);
        assert.equal(moved?.deadLetterSourceQueue, 'jobs');
      }),
    );

    test(
      'without its dead-letter queue a worn-out message stays receivable',
      withQueues(async (queues) => {
        await queues.createQueue(queueRecord('jobs'));
        await queues.sendMessages([message('jobs', 1)]);
        const redrive = { maxReceiveCount: 1, deadLetterQueueName: 'gone' };
        await receiveOne(queues, receive('jobs', T0 + 10, { visibleUntil: T0 + 15, redrive }));
        const again = await receiveOne(queues, receive('jobs', T0 + 20, { redrive }));
        assert.equal(again.messages.length, 1);
        assert.equal(again.movedToDeadLetterQueue, 0);
      }),
    );

    test(
      'messages past the retention period are deleted instead of received, and not counted',
      withQueues(async (queues) => {
        await queues.createQueue(queueRecord('jobs'));
        await queues.sendMessages([message('jobs', 1), message('jobs', 2), message('jobs', 50)]);
        assert.deepEqual(await queues.countMessages('jobs', T0 + 100, T0 + 10), { visible: 1, inFlight: 0, delayed: 0 });
        assert.deepEqual(bodies(await receiveOne(queues, receive('jobs', T0 + 100, { expiredBefore: T0 + 10 }))), ['body 50']);
        assert.deepEqual(await queues.countMessages('jobs', T0 + 100, 0), { visible: 0, inFlight: 1, delayed: 0 });
      }),
    );

    test(
      'messages for a queue that is gone are not stored; the others are',
      withQueues(async (queues) => {
        await queues.createQueue(queueRecord('jobs'));
        assert.deepEqual(await queues.sendMessages([message('jobs', 1), message('gone', 2)]), ['gone']);
        assert.deepEqual(bodies(await receiveOne(queues, receive('jobs', T0 + 10))), ['body 1']);
      }),
    );

    test(
      'purging empties a queue; deleting removes it with its messages',
      withQueues(async (queues) => {
        await queues.createQueue(queueRecord('jobs'));
        await queues.sendMessages([message('jobs', 1), message('jobs', 2)]);
        await queues.purgeQueue('jobs');
        assert.deepEqual(await queues.countMessages('jobs', T0 + 10, 0), { visible: 0, inFlight: 0, delayed: 0 });
        await queues.sendMessages([message('jobs', 3)]);
        assert.equal(await queues.deleteQueue('jobs'), true);
        assert.equal(await queues.deleteQueue('jobs'), false);
        await queues.createQueue(queueRecord('jobs'));
        assert.deepEqual((await receiveOne(queues, receive('jobs', T0 + 10))).messages, []);
      }),
    );

    test('queues and their messages survive a restart', async () => {
      const opened = await open();
      if (opened.reopen === undefined) {
        await opened.store.close();
        await opened.cleanup();
        return;
      }
      let reopened: Store | undefined;
      try {
        await opened.store.queues.createQueue(queueRecord('jobs'));
        await opened.store.queues.sendMessages([message('jobs', 1), message('jobs', 2)]);
        await receiveOne(opened.store.queues, receive('jobs', T0 + 10, { limit: 1, visibleUntil: T0 + 1000 }));
        await opened.store.close();
        reopened = await opened.reopen();
        assert.deepEqual(await reopened.queues.countMessages('jobs', T0 + 10, 0), { visible: 1, inFlight: 1, delayed: 0 });
        assert.deepEqual(bodies(await receiveOne(reopened.queues, receive('jobs', T0 + 1000))), ['body 1', 'body 2']);
      } finally {
        await reopened?.close();
        await opened.cleanup();
      }
    });
  });
}
