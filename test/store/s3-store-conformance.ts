/**
 * The S3 part of the Store conformance suite: buckets, objects in UTF-8 byte order, the files a write replaces,
 * multipart uploads completed and aborted atomically, notification configurations, tag sets and ACLs, and bucket
 * configurations (policy, versioning, CORS, …) kept per bucket and kind, gone with their bucket; an object's and an
 * upload's properties (Cache-Control, storage class, …).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Grant } from '../../src/core/s3/access-control.js';
import type { BucketRecord, ObjectRecord, PartRecord, UploadRecord } from '../../src/store/s3.js';
import type { Store } from '../../src/store/store.js';
import { withFreshStore, type OpenStore } from './store-conformance.js';

const bucket = (name: string): BucketRecord => ({ name, region: 'us-east-1', creationTime: 1_700_000_000_000, notificationConfiguration: undefined, tags: undefined, acl: undefined });

const object = (bucketName: string, key: string, dataId = `data-${key}`): ObjectRecord => ({
  bucket: bucketName,
  key,
  dataId,
  size: 3,
  eTag: '"abc"',
  contentType: 'text/plain',
  metadata: { owner: 'ops' },
  properties: {},
  lastModified: 1_700_000_000_001,
  tags: [],
  acl: undefined,
});

const upload = (uploadId: string, bucketName = 'b'): UploadRecord => ({
  uploadId,
  bucket: bucketName,
  key: 'big',
  contentType: 'binary/octet-stream',
  metadata: {},
  properties: { storageClass: 'STANDARD_IA', cacheControl: 'no-cache' },
  tags: [{ key: 'team', value: 'ops' }],
  acl: [{ grantee: { type: 'Group', uri: 'http://acs.amazonaws.com/groups/global/AllUsers' }, permission: 'READ' }],
  initiated: 1_700_000_000_002,
});

const publicRead: Grant[] = [
  { grantee: { type: 'CanonicalUser', id: 'a'.repeat(64), displayName: 'eventide' }, permission: 'FULL_CONTROL' },
  { grantee: { type: 'Group', uri: 'http://acs.amazonaws.com/groups/global/AllUsers' }, permission: 'READ' },
];

const part = (uploadId: string, partNumber: number, dataId: string): PartRecord => ({ uploadId, partNumber, dataId, size: 5, eTag: '"p"', lastModified: 1 });

export function describeS3StoreConformance(name: string, open: OpenStore): void {
  const withStore = (body: (store: Store) => Promise<void>) => withFreshStore(open, body);

  describe(`${name}: S3`, () => {
    test('a bucket is created once, listed by name, and deleted only when empty', withStore(async ({ s3 }) => {
      assert.equal(await s3.createBucket(bucket('zeta')), true);
      assert.equal(await s3.createBucket(bucket('alpha')), true);
      assert.equal(await s3.createBucket(bucket('alpha')), false);
      assert.deepEqual((await s3.listBuckets()).map((b) => b.name), ['alpha', 'zeta']);
      assert.deepEqual(await s3.getBucket('alpha'), bucket('alpha'));
      await s3.putObject(object('alpha', 'k'));
      assert.equal(await s3.deleteBucket('alpha'), 'not-empty');
      assert.deepEqual(await s3.deleteObject('alpha', 'k'), { dataIds: ['data-k'] });
      assert.equal(await s3.deleteBucket('alpha'), 'deleted');
      assert.equal(await s3.deleteBucket('alpha'), 'missing');
    }));

    test('putting an object over another returns the replaced file; no object goes into a missing bucket', withStore(async ({ s3 }) => {
      await s3.createBucket(bucket('b'));
      assert.deepEqual(await s3.putObject(object('b', 'k', 'first')), { dataIds: [] });
      assert.deepEqual(await s3.putObject(object('b', 'k', 'second')), { dataIds: ['first'] });
      assert.deepEqual(await s3.getObject('b', 'k'), object('b', 'k', 'second'));
      assert.equal(await s3.putObject(object('missing', 'k')), undefined);
      assert.deepEqual(await s3.deleteObject('b', 'absent'), { dataIds: [] });
    }));

    test('a conditional put, delete or completion changes nothing unless its precondition holds', withStore(async ({ s3 }) => {
      await s3.createBucket(bucket('b'));
      assert.equal(await s3.putObject(object('b', 'k', 'nope'), { exists: true, eTag: '"abc"' }), 'no-such-key');
      assert.deepEqual(await s3.putObject(object('b', 'k', 'first'), { exists: false }), { dataIds: [] });
      assert.equal(await s3.putObject(object('b', 'k', 'second'), { exists: false }), 'precondition-failed');
      assert.equal(await s3.putObject(object('b', 'k', 'second'), { exists: true, eTag: '"other"' }), 'precondition-failed');
      assert.equal((await s3.getObject('b', 'k'))?.dataId, 'first');
      assert.deepEqual(await s3.putObject(object('b', 'k', 'second'), { exists: true, eTag: '"abc"' }), { dataIds: ['first'] });
      assert.equal(await s3.deleteObject('b', 'k', { exists: true, eTag: '"other"' }), 'precondition-failed');
      assert.equal(await s3.deleteObject('b', 'absent', { exists: true, eTag: undefined }), 'no-such-key');
      assert.equal(await s3.createUpload({ ...upload('u1'), key: 'k' }), true);
      assert.equal(await s3.completeUpload('u1', object('b', 'k', 'joined'), { exists: false }), 'precondition-failed');
      assert.notEqual(await s3.getUpload('u1'), undefined);
      assert.deepEqual(await s3.deleteObject('b', 'k', { exists: true, eTag: undefined }), { dataIds: ['second'] });
      assert.deepEqual(await s3.completeUpload('u1', object('b', 'k', 'joined'), { exists: false }), { dataIds: [] });
    }));

    test('objects list in UTF-8 byte order, after a key, within a prefix', withStore(async ({ s3 }) => {
      await s3.createBucket(bucket('b'));
      for (const key of ['b/2', 'a', 'b/1', 'é', 'z', 'b/é']) await s3.putObject(object('b', key));
      const keys = async (prefix: string, after: string, limit = 100) => (await s3.listObjects({ bucket: 'b', prefix, after, limit })).map((o) => o.key);
      assert.deepEqual(await keys('', ''), ['a', 'b/1', 'b/2', 'b/é', 'z', 'é']);
      assert.deepEqual(await keys('b/', ''), ['b/1', 'b/2', 'b/é']);
      assert.deepEqual(await keys('b/', 'b/1', 1), ['b/2']);
    }));

    test('a completed upload becomes the object and leaves its parts’ files to remove', withStore(async ({ s3 }) => {
      await s3.createBucket(bucket('b'));
      assert.equal(await s3.createUpload(upload('u1', 'missing')), false);
      assert.equal(await s3.createUpload(upload('u1')), true);
      assert.deepEqual(await s3.putPart(part('u1', 2, 'p2')), { dataIds: [] });
      assert.deepEqual(await s3.putPart(part('u1', 1, 'p1-old')), { dataIds: [] });
      assert.deepEqual(await s3.putPart(part('u1', 1, 'p1')), { dataIds: ['p1-old'] });
      assert.deepEqual((await s3.listParts('u1')).map((p) => p.dataId), ['p1', 'p2']);
      await s3.putObject(object('b', 'big', 'old-object'));
      const replaced = await s3.completeUpload('u1', object('b', 'big', 'joined'));
      assert.deepEqual(typeof replaced === 'object' ? replaced.dataIds.sort() : replaced, ['old-object', 'p1', 'p2']);
      assert.equal((await s3.getObject('b', 'big'))?.dataId, 'joined');
      assert.equal(await s3.getUpload('u1'), undefined);
      assert.deepEqual(await s3.listParts('u1'), []);
      assert.equal(await s3.completeUpload('u1', object('b', 'big', 'again')), undefined);
      assert.equal(await s3.putPart(part('u1', 3, 'late')), undefined);
    }));

    test('the files a bucket’s records name are its objects’ and its unfinished uploads’ parts', withStore(async ({ s3 }) => {
      await s3.createBucket(bucket('b'));
      await s3.createBucket(bucket('other'));
      await s3.putObject(object('b', 'k1', 'd1'));
      await s3.putObject(object('b', 'k2', 'd2'));
      await s3.putObject(object('other', 'k1', 'elsewhere'));
      await s3.createUpload(upload('u1'));
      await s3.putPart(part('u1', 1, 'p1'));
      assert.deepEqual([...(await s3.dataIdsOf('b'))].sort(), ['d1', 'd2', 'p1']);
      assert.deepEqual([...(await s3.dataIdsOf('missing'))], []);
    }));

    test('an aborted upload returns its parts’ files; a deleted bucket takes its uploads along', withStore(async ({ s3 }) => {
      await s3.createBucket(bucket('b'));
      await s3.createUpload(upload('u1'));
      await s3.putPart(part('u1', 1, 'p1'));
      assert.deepEqual(await s3.abortUpload('u1'), { dataIds: ['p1'] });
      assert.equal(await s3.abortUpload('u1'), undefined);
      await s3.createUpload(upload('u2'));
      await s3.putPart(part('u2', 1, 'q1'));
      assert.deepEqual(await s3.deleteBucket('b'), { dataIds: ['q1'] });
      assert.equal(await s3.getUpload('u2'), undefined);
    }));

    test('bucket configurations are kept per bucket and kind, replaced, deleted, and gone with their bucket', withStore(async ({ s3 }) => {
      await s3.createBucket(bucket('b'));
      await s3.createBucket(bucket('other'));
      assert.equal(await s3.getBucketConfiguration('b', 'policy'), undefined);
      assert.equal(await s3.putBucketConfiguration('missing', 'policy', '{}'), false);
      assert.equal(await s3.putBucketConfiguration('b', 'policy', '{"Statement":[]}'), true);
      assert.equal(await s3.putBucketConfiguration('b', 'cors', '[1]'), true);
      assert.equal(await s3.putBucketConfiguration('other', 'policy', '{"other":true}'), true);
      assert.equal(await s3.putBucketConfiguration('b', 'policy', '{"Version":"2012-10-17"}'), true);
      assert.equal(await s3.getBucketConfiguration('b', 'policy'), '{"Version":"2012-10-17"}');
      assert.equal(await s3.getBucketConfiguration('b', 'cors'), '[1]');
      assert.equal(await s3.getBucketConfiguration('b', 'versioning'), undefined);
      await s3.deleteBucketConfiguration('b', 'cors');
      await s3.deleteBucketConfiguration('b', 'cors');
      assert.equal(await s3.getBucketConfiguration('b', 'cors'), undefined);
      assert.equal(await s3.getBucketConfiguration('b', 'policy'), '{"Version":"2012-10-17"}');
      assert.equal(await s3.deleteBucket('b'), 'deleted');
      await s3.createBucket(bucket('b'));
      assert.equal(await s3.getBucketConfiguration('b', 'policy'), undefined);
      assert.equal(await s3.getBucketConfiguration('other', 'policy'), '{"other":true}');
    }));

    test('a bucket configuration survives a reopen', async (t) => {
      const opened = await open();
      let store = opened.store;
      try {
        await store.s3.createBucket(bucket('b'));
        await store.s3.putBucketConfiguration('b', 'versioning', '{"status":"Suspended"}');
        if (opened.reopen === undefined) return t.skip('backend cannot reopen');
        await store.close();
        store = await opened.reopen();
        assert.equal(await store.s3.getBucketConfiguration('b', 'versioning'), '{"status":"Suspended"}');
      } finally {
        await store.close();
        await opened.cleanup();
      }
    });

    test('an object’s tags and ACL change in place, travel with a completed upload and go with a replacement', withStore(async ({ s3 }) => {
      await s3.createBucket(bucket('b'));
      await s3.putObject(object('b', 'k', 'd1'));
      const tags = [{ key: 'b', value: '2' }, { key: 'a', value: '' }];
      const updated = await s3.setObjectTags('b', 'k', tags);
      assert.deepEqual(updated, { ...object('b', 'k', 'd1'), tags });
      assert.deepEqual(await s3.setObjectAcl('b', 'k', publicRead), { ...object('b', 'k', 'd1'), tags, acl: publicRead });
      assert.deepEqual(await s3.getObject('b', 'k'), { ...object('b', 'k', 'd1'), tags, acl: publicRead });
      assert.equal(await s3.setObjectTags('b', 'absent', tags), undefined);
      assert.equal(await s3.setObjectAcl('missing', 'k', publicRead), undefined);
      await s3.putObject(object('b', 'k', 'd2'));
      assert.deepEqual(await s3.getObject('b', 'k'), object('b', 'k', 'd2'));
      await s3.createUpload(upload('u1'));
      assert.deepEqual(await s3.getUpload('u1'), upload('u1'));
    }));

    test('an object’s and an upload’s properties are stored with them, replaced with the object and survive a reopen', async (t) => {
      const opened = await open();
      let store = opened.store;
      const described = { cacheControl: 'max-age=60', contentDisposition: 'attachment; filename="a.txt"', contentEncoding: 'gzip', contentLanguage: 'fr', expires: 'Thu, 01 Jan 2037 00:00:00 GMT', websiteRedirectLocation: '/other', storageClass: 'GLACIER_IR' } as const;
      try {
        await store.s3.createBucket(bucket('b'));
        await store.s3.putObject({ ...object('b', 'k'), properties: described });
        await store.s3.putObject({ ...object('b', 'plain'), properties: { contentLanguage: 'de' } });
        await store.s3.putObject(object('b', 'plain', 'second'));
        await store.s3.createUpload(upload('u1'));
        await store.s3.setObjectTags('b', 'k', [{ key: 'x', value: 'y' }]);
        if (opened.reopen === undefined) return t.skip('backend cannot reopen');
        await store.close();
        store = await opened.reopen();
        assert.deepEqual((await store.s3.getObject('b', 'k'))?.properties, described);
        assert.deepEqual((await store.s3.getObject('b', 'plain'))?.properties, {});
        assert.deepEqual((await store.s3.listObjects({ bucket: 'b', prefix: '', after: '', limit: 10 })).map((o) => o.properties), [described, {}]);
        assert.deepEqual(await store.s3.getUpload('u1'), upload('u1'));
        await store.s3.completeUpload('u1', { ...object('b', 'big', 'joined'), properties: upload('u1').properties });
        assert.deepEqual((await store.s3.getObject('b', 'big'))?.properties, upload('u1').properties);
      } finally {
        await store.close();
        await opened.cleanup();
      }
    });

    test('a bucket’s tag set and ACL are stored with it and survive a reopen', async (t) => {
      const opened = await open();
      let store = opened.store;
      try {
        await store.s3.createBucket({ ...bucket('b'), acl: publicRead });
        assert.equal(await store.s3.setBucketTags('missing', [{ key: 'k', value: 'v' }]), false);
        assert.equal(await store.s3.setBucketAcl('missing', publicRead), false);
        assert.equal(await store.s3.setBucketTags('b', [{ key: 'k', value: 'v' }]), true);
        await store.s3.putObject(object('b', 'k'));
        await store.s3.setObjectTags('b', 'k', [{ key: 'x', value: 'y' }]);
        if (opened.reopen === undefined) return t.skip('backend cannot reopen');
        await store.close();
        store = await opened.reopen();
        assert.deepEqual(await store.s3.getBucket('b'), { ...bucket('b'), tags: [{ key: 'k', value: 'v' }], acl: publicRead });
        assert.deepEqual((await store.s3.getObject('b', 'k'))?.tags, [{ key: 'x', value: 'y' }]);
        assert.equal(await store.s3.setBucketTags('b', undefined), true);
        assert.equal((await store.s3.getBucket('b'))?.tags, undefined);
      } finally {
        await store.close();
        await opened.cleanup();
      }
    });

    test('a notification configuration is stored with its bucket and survives a reopen', async (t) => {
      const opened = await open();
      let store = opened.store;
      try {
        const configuration = {
          lambdaFunctions: [{ id: 'one', arn: 'arn:aws:lambda:us-east-1:000000000000:function:f', events: ['s3:ObjectCreated:*'], filterRules: [{ name: 'prefix' as const, value: 'in/' }] }],
          queues: [],
          topics: [],
          eventBridge: true,
        };
        await store.s3.createBucket(bucket('b'));
        assert.equal(await store.s3.setNotificationConfiguration('missing', configuration), false);
        assert.equal(await store.s3.setNotificationConfiguration('b', configuration), true);
        if (opened.reopen === undefined) return t.skip('backend cannot reopen');
        await store.close();
        store = await opened.reopen();
        assert.deepEqual((await store.s3.getBucket('b'))?.notificationConfiguration, configuration);
      } finally {
        await store.close();
        await opened.cleanup();
      }
    });
  });
}
