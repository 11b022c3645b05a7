/**
 * The SNS part of the Store conformance suite: topics with attributes and tags, subscriptions with their
 * uniqueness per topic, protocol and endpoint, paging, cascading deletes and persistence across a reopen.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SubscriptionRecord, TopicRecord } from '../../src/store/sns.js';
import type { Store } from '../../src/store/store.js';
import { withFreshStore, type OpenStore } from './store-conformance.js';

const PREFIX = 'arn:aws:sns:us-east-1:000000000000:';

const topic = (name: string, overrides: Partial<TopicRecord> = {}): TopicRecord => ({
  arn: `${PREFIX}${name}`,
  name,
  attributes: {},
  tags: {},
  ...overrides,
});

const subscription = (topicName: string, id: string, overrides: Partial<SubscriptionRecord> = {}): SubscriptionRecord => ({
  arn: `${PREFIX}${topicName}:${id}`,
  topicArn: `${PREFIX}${topicName}`,
  protocol: 'sqs',
  endpoint: `arn:aws:sqs:us-east-1:000000000000:queue-${id}`,
  owner: '000000000000',
  attributes: {},
  ...overrides,
});

export function describeTopicStoreConformance(name: string, open: OpenStore): void {
  const withStore = (body: (store: Store) => Promise<void>) => withFreshStore(open, body);

  describe(`Store conformance, SNS topics: ${name}`, () => {
    test(
      'a topic is created once, read back whole and listed in ARN order with a cursor',
      withStore(async (store) => {
        const jobs = topic('jobs', { attributes: { DisplayName: 'Jobs' }, tags: { team: 'core', env: 'dev' } });
        assert.equal(await store.topics.createTopic(jobs), true);
        assert.equal(await store.topics.createTopic(topic('jobs', { attributes: { DisplayName: 'Other' } })), false);
        assert.deepEqual(await store.topics.getTopic(jobs.arn), jobs);
        assert.equal(await store.topics.getTopic(`${PREFIX}missing`), undefined);
        await store.topics.createTopic(topic('alerts'));
        await store.topics.createTopic(topic('builds'));
        const names = async (after: string | undefined, limit: number) => (await store.topics.listTopics(after, limit)).map((t) => t.name);
        assert.deepEqual(await names(undefined, 2), ['alerts', 'builds']);
        assert.deepEqual(await names(`${PREFIX}builds`, 2), ['jobs']);
      }),
    );

    test(
      'attributes are set and removed one at a time; tags merge in first-set order and are removed by key',
      withStore(async (store) => {
        const arn = `${PREFIX}jobs`;
        await store.topics.createTopic(topic('jobs', { attributes: { DisplayName: 'Jobs' }, tags: { a: '1' } }));
        assert.equal(await store.topics.setTopicAttribute(arn, 'Policy', '{}'), true);
        assert.equal(await store.topics.setTopicAttribute(arn, 'DisplayName', undefined), true);
        assert.equal(await store.topics.tagTopic(arn, { b: '2', a: '10' }), true);
        assert.equal(await store.topics.untagTopic(arn, ['b', 'never-set']), true);
        assert.equal(await store.topics.tagTopic(arn, { c: '3' }), true);
        const stored = await store.topics.getTopic(arn);
        assert.deepEqual(stored?.attributes, { Policy: '{}' });
        assert.deepEqual(Object.entries(stored?.tags ?? {}), [
          ['a', '10'],
          ['c', '3'],
        ]);
        assert.equal(await store.topics.setTopicAttribute(`${PREFIX}missing`, 'Policy', '{}'), false);
        assert.equal(await store.topics.tagTopic(`${PREFIX}missing`, { a: '1' }), false);
        assert.equal(await store.topics.untagTopic(`${PREFIX}missing`, ['a']), false);
      }),
    );

    test(
      'a subscription is unique per topic, protocol and endpoint, and needs its topic',
      withStore(async (store) => {
        await store.topics.createTopic(topic('jobs'));
        const first = subscription('jobs', 's1', { attributes: { RawMessageDelivery: 'true' } });
        assert.equal(await store.topics.createSubscription(first), true);
        assert.equal(await store.topics.createSubscription({ ...first, arn: `${PREFIX}jobs:s2` }), false);
        assert.equal(await store.topics.createSubscription(subscription('missing', 's3')), false);
        assert.deepEqual(await store.topics.getSubscription(first.arn), first);
        assert.deepEqual(await store.topics.findSubscription(first.topicArn, 'sqs', first.endpoint), first);
        assert.equal(await store.topics.findSubscription(first.topicArn, 'lambda', first.endpoint), undefined);
        assert.equal(await store.topics.getSubscription(`${PREFIX}jobs:s2`), undefined);
      }),
    );

    test(
      'subscription attributes change together; a deleted subscription is gone',
      withStore(async (store) => {
        await store.topics.createTopic(topic('jobs'));
        const sub = subscription('jobs', 's1', { attributes: { FilterPolicy: '{"a":["1"]}', FilterPolicyScope: 'MessageBody' } });
        await store.topics.createSubscription(sub);
        assert.equal(await store.topics.setSubscriptionAttributes(sub.arn, { FilterPolicy: undefined, RawMessageDelivery: 'true' }), true);
        assert.deepEqual((await store.topics.getSubscription(sub.arn))?.attributes, { FilterPolicyScope: 'MessageBody', RawMessageDelivery: 'true' });
        assert.equal(await store.topics.deleteSubscription(sub.arn), true);
        assert.equal(await store.topics.deleteSubscription(sub.arn), false);
        assert.equal(await store.topics.setSubscriptionAttributes(sub.arn, { RawMessageDelivery: 'true' }), false);
        assert.deepEqual(await store.topics.subscriptionsOf(sub.topicArn), []);
      }),
    );

    test(
      'subscriptions list in subscription order, per topic or all, a page at a time',
      withStore(async (store) => {
        await store.topics.createTopic(topic('a'));
        await store.topics.createTopic(topic('b'));
        for (const [topicName, id] of [['b', '1'], ['a', '2'], ['b', '3'], ['b', '4']] as const) {
          await store.topics.createSubscription(subscription(topicName, id));
        }
        const first = await store.topics.listSubscriptions(undefined, undefined, 3);
        assert.deepEqual(first.items.map((s) => s.arn), [`${PREFIX}b:1`, `${PREFIX}a:2`, `${PREFIX}b:3`]);
        assert.notEqual(first.next, undefined);
        const second = await store.topics.listSubscriptions(undefined, first.next, 3);
        assert.deepEqual(second.items.map((s) => s.arn), [`${PREFIX}b:4`]);
        assert.equal(second.next, undefined);
        const ofB = await store.topics.listSubscriptions(`${PREFIX}b`, undefined, 2);
        assert.deepEqual(ofB.items.map((s) => s.arn), [`${PREFIX}b:1`, `${PREFIX}b:3`]);
        const restOfB = await store.topics.listSubscriptions(`${PREFIX}b`, ofB.next, 2);
        assert.deepEqual(restOfB.items.map((s) => s.arn), [`${PREFIX}b:4`]);
        assert.equal(restOfB.next, undefined);
        assert.deepEqual((await store.topics.subscriptionsOf(`${PREFIX}b`)).map((s) => s.arn), [`${PREFIX}b:1`, `${PREFIX}b:3`, `${PREFIX}b:4`]);
      }),
    );

    test(
      'deleting a topic deletes its subscriptions, not the others',
      withStore(async (store) => {
        await store.topics.createTopic(topic('a'));
        await store.topics.createTopic(topic('b'));
        await store.topics.createSubscription(subscription('a', '1'));
        await store.topics.createSubscription(subscription('b', '2'));
        assert.equal(await store.topics.deleteTopic(`${PREFIX}a`), true);
        assert.equal(await store.topics.deleteTopic(`${PREFIX}a`), false);
        assert.equal(await store.topics.getTopic(`${PREFIX}a`), undefined);
        assert.equal(await store.topics.getSubscription(`${PREFIX}a:1`), undefined);
        assert.deepEqual((await store.topics.listSubscriptions(undefined, undefined, 10)).items.map((s) => s.arn), [`${PREFIX}b:2`]);
        // The name is free again, with nothing left of the old topic.
        await store.topics.createTopic(topic('a'));
        assert.deepEqual(await store.topics.subscriptionsOf(`${PREFIX}a`), []);
      }),
    );

    test('topics and subscriptions survive a reopen', async () => {
      const opened = await open();
      try {
        await opened.store.topics.createTopic(topic('jobs', { attributes: { DisplayName: 'Jobs' }, tags: { team: 'core' } }));
        await opened.store.topics.createSubscription(subscription('jobs', 's1', { attributes: { RawMessageDelivery: 'true' } }));
        await opened.store.close();
        if (opened.reopen === undefined) return;
        const reopened = await opened.reopen();
        try {
          assert.deepEqual((await reopened.topics.getTopic(`${PREFIX}jobs`))?.tags, { team: 'core' });
          assert.deepEqual((await reopened.topics.getSubscription(`${PREFIX}jobs:s1`))?.attributes, { RawMessageDelivery: 'true' });
        } finally {
          await reopened.close();
        }
      } finally {
        await opened.cleanup();
      }
    });
  });
}
