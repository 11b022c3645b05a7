import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ObjectEvent } from '../../../../src/core/s3/object-notifications.js';
import { formEncodeKey, s3BusEvent, s3EventRecord } from '../../../../src/core/s3/s3-event-record.js';

const scope = { region: 'us-east-1', accountId: '000000000000' };

const created: ObjectEvent = {
  name: 'ObjectCreated:Put',
  bucket: 'uploads',
  key: 'images/Happy Face.jpg',
  size: 1024,
  eTag: 'd41d8cd98f00b204e9800998ecf8427e',
  sequencer: '0055AED6DCD90281E5',
  time: Date.parse('2026-11-26T12:00:00.123Z'),
  requestId: 'D82B88E5F771F645',
  sourceIp: '127.0.0.1',
};

describe('S3 event record', () => {
  const keys: [string, string][] = [
    ['HappyFace.jpg', 'HappyFace.jpg'],
    ['images/Happy Face.jpg', 'images/Happy+Face.jpg'],
    ['a+b=c&d.txt', 'a%2Bb%3Dc%26d.txt'],
    ['résumé (1).pdf', 'r%C3%A9sum%C3%A9+%281%29.pdf'],
    ['star*dash-under_score.dot', 'star*dash-under_score.dot'],
  ];
  for (const [key, encoded] of keys) it(`form-encodes ${JSON.stringify(key)} as ${encoded}`, () => assert.equal(formEncodeKey(key), encoded));

  it('records a tag or ACL change as version 2.3, naming the object by key and ETag alone', () => {
    for (const name of ['ObjectTagging:Put', 'ObjectTagging:Delete', 'ObjectAcl:Put'] as const) {
      const record = s3EventRecord(scope, { ...created, name }, 'tags');
      assert.equal(record.eventVersion, '2.3');
      assert.equal(record.eventName, name);
      assert.deepEqual((record.s3 as { object: unknown }).object, { key: 'images/Happy+Face.jpg', eTag: 'd41d8cd98f00b204e9800998ecf8427e' });
    }
    const bus = s3BusEvent(scope, { ...created, name: 'ObjectTagging:Put' });
    assert.equal(bus.detailType, 'Object Tags Added');
    assert.deepEqual(bus.detail.object, { key: 'images/Happy Face.jpg', etag: 'd41d8cd98f00b204e9800998ecf8427e' });
    assert.equal(bus.detail.reason, undefined);
    assert.equal(s3BusEvent(scope, { ...created, name: 'ObjectAcl:Put' }).detailType, 'Object ACL Updated');
  });

  it('has the members of version 2.1, in AWS order, for an object created', () => {
    const record = s3EventRecord(scope, created, 'resize-images');
    assert.deepEqual(Object.keys(record), ['eventVersion', 'eventSource', 'awsRegion', 'eventTime', 'eventName', 'userIdentity', 'requestParameters', 'responseElements', 's3']);
    assert.equal(record.eventTime, '2026-11-26T12:00:00.123Z');
    assert.deepEqual(record.s3, {
      s3SchemaVersion: '1.0',
      configurationId: 'resize-images',
      bucket: { name: 'uploads', ownerIdentity: { principalId: '000000000000' }, arn: 'arn:aws:s3:::uploads' },
      object: { key: 'images/Happy+Face.jpg', size: 1024, eTag: 'd41d8cd98f00b204e9800998ecf8427e', sequencer: '0055AED6DCD90281E5' },
    });
  });

  it('a removal has no size or ETag', () => {
    const record = s3EventRecord(scope, { ...created, name: 'ObjectRemoved:Delete', size: undefined, eTag: undefined }, 'c') as { s3: { object: unknown } };
    assert.deepEqual(record.s3.object, { key: 'images/Happy+Face.jpg', sequencer: '0055AED6DCD90281E5' });
  });

  it('the EventBridge form names the event Object Created / Object Deleted', () => {
    assert.equal(s3BusEvent(scope, created).detailType, 'Object Created');
    const deleted = s3BusEvent(scope, { ...created, name: 'ObjectRemoved:Delete', size: undefined, eTag: undefined });
    assert.equal(deleted.detailType, 'Object Deleted');
    assert.equal(deleted.detail['deletion-type'], 'Permanently Deleted');
  });
});
