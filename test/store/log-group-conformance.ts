/**
 * The log-group settings part of the Store conformance suite: retention (set, cleared, and the sweep that deletes
 * events older than it), and tags (given at creation, replaced, kept across a reopen, gone with the group).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { NewLogEvent, Store } from '../../src/store/store.js';
import { withFreshStore, type OpenStore } from './store-conformance.js';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2030, 0, 31);

const event = (groupName: string, streamName: string, timestamp: number, message: string): NewLogEvent => ({
  groupName,
  streamName,
  timestamp,
  message,
});

async function messagesOf(store: Store, groupName: string): Promise<string[]> {
  const events = await store.queryLogEvents({
    groupName,
    streamNames: undefined,
    startTime: undefined,
    endTime: undefined,
    fromHead: true,
    afterId: undefined,
    beforeId: undefined,
    limit: 100,
  });
  return events.map((stored) => stored.message);
}

export function describeLogGroupConformance(name: string, open: OpenStore): void {
  const withStore = (body: (store: Store) => Promise<void>) => withFreshStore(open, body);

  describe(`${name}: log group retention and tags`, () => {
    test('setLogGroupRetention sets and clears retentionInDays; false for a missing group', withStore(async (store) => {
      await store.createLogGroup('/g', 1);
      assert.equal(await store.setLogGroupRetention('/g', 7), true);
      assert.equal((await store.getLogGroup('/g'))?.retentionInDays, 7);
      const [listed] = (await store.listLogGroups({ prefix: '/g', after: undefined, limit: 10 })).items;
      assert.equal(listed?.retentionInDays, 7);
      assert.equal(await store.setLogGroupRetention('/g', 3653), true);
      assert.equal((await store.getLogGroup('/g'))?.retentionInDays, 3653);
      assert.equal(await store.setLogGroupRetention('/g', undefined), true);
      assert.equal((await store.getLogGroup('/g'))?.retentionInDays, undefined);
      assert.equal(await store.setLogGroupRetention('/missing', 7), false);
      assert.equal(await store.getLogGroup('/missing'), undefined, 'setting retention creates no group');
    }));

    test('deleteExpiredLogEvents deletes events older than their group retention, and only those', withStore(async (store) => {
      await store.appendLogEvents(
        [],
        [
          event('/short', 'a', NOW - 3 * DAY, 'three days old'),
          event('/short', 'a', NOW - DAY - 1, 'just over a day old'),
          event('/short', 'b', NOW - DAY, 'exactly a day old'),
          event('/short', 'b', NOW - 1000, 'fresh'),
          event('/forever', 'a', NOW - 30 * DAY, 'kept: no retention'),
          event('/long', 'a', NOW - 10 * DAY, 'kept: within 14 days'),
        ],
        NOW,
      );
      await store.setLogGroupRetention('/short', 1);
      await store.setLogGroupRetention('/long', 14);
      assert.equal((await store.getLogGroup('/short'))?.storedBytes, 14 + 19 + 17 + 5);

      assert.equal(await store.deleteExpiredLogEvents(NOW), 2);
      assert.deepEqual(await messagesOf(store, '/short'), ['exactly a day old', 'fresh']);
      assert.deepEqual(await messagesOf(store, '/forever'), ['kept: no retention']);
      assert.deepEqual(await messagesOf(store, '/long'), ['kept: within 14 days']);
      // Stored bytes follow: stream a is empty now, b keeps its 22 bytes.
      assert.equal((await store.getLogGroup('/short'))?.storedBytes, 17 + 5);
      const streams = await store.listLogStreams({ groupName: '/short', prefix: undefined, orderBy: 'LogStreamName', descending: false, after: undefined, limit: 10 });
      assert.deepEqual(streams.items.map((stream) => [stream.name, stream.storedBytes]), [['a', 0], ['b', 22]]);

      assert.equal(await store.deleteExpiredLogEvents(NOW), 0, 'a second sweep finds nothing');
      assert.equal(await store.deleteExpiredLogEvents(NOW + 11 * DAY), 3, 'time passes: /short and /long expire, /forever never');
      assert.deepEqual(await messagesOf(store, '/short'), []);
      assert.deepEqual(await messagesOf(store, '/long'), []);
      assert.deepEqual(await messagesOf(store, '/forever'), ['kept: no retention']);
    }));

    test('tags are given at creation, replaced whole, and undefined or false for a missing group', withStore(async (store) => {
      assert.equal(await store.createLogGroup('/tagged', 1, { env: 'test', team: 'a' }), true);
      assert.deepEqual(await store.getLogGroupTags('/tagged'), { env: 'test', team: 'a' });
      await store.createLogGroup('/plain', 1);
      assert.deepEqual(await store.getLogGroupTags('/plain'), {});
      // A create that finds the group leaves its tags.
      assert.equal(await store.createLogGroup('/tagged', 2, { other: 'x' }), false);
      assert.deepEqual(await store.getLogGroupTags('/tagged'), { env: 'test', team: 'a' });

      assert.equal(await store.setLogGroupTags('/tagged', { env: 'prod', 'é/ü': 'ä b' }), true);
      assert.deepEqual(await store.getLogGroupTags('/tagged'), { env: 'prod', 'é/ü': 'ä b' });
      assert.equal(await store.setLogGroupTags('/tagged', {}), true);
      assert.deepEqual(await store.getLogGroupTags('/tagged'), {});

      assert.equal(await store.getLogGroupTags('/missing'), undefined);
      assert.equal(await store.setLogGroupTags('/missing', { a: 'b' }), false);
      assert.equal(await store.getLogGroup('/missing'), undefined);
    }));

    test('a deleted group loses its tags and retention; created again, it has none', withStore(async (store) => {
      await store.createLogGroup('/g', 1, { a: '1' });
      await store.setLogGroupRetention('/g', 30);
      assert.equal(await store.deleteLogGroup('/g'), true);
      await store.createLogGroup('/g', 2);
      assert.deepEqual(await store.getLogGroupTags('/g'), {});
      assert.equal((await store.getLogGroup('/g'))?.retentionInDays, undefined);
    }));

    test('retention and tags survive a reopen', async () => {
      const opened = await open();
      assert.ok(opened.reopen, 'this store can be reopened');
      await opened.store.createLogGroup('/kept', 1, { env: 'test' });
      await opened.store.setLogGroupRetention('/kept', 90);
      await opened.store.close();
      const again = await opened.reopen();
      try {
        assert.deepEqual(await again.getLogGroupTags('/kept'), { env: 'test' });
        assert.equal((await again.getLogGroup('/kept'))?.retentionInDays, 90);
      } finally {
        await again.close();
        await opened.cleanup();
      }
    });
  });
}
