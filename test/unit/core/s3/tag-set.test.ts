import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkBucketTags, checkObjectTags } from '../../../../src/core/s3/tag-set.js';

const tags = (count: number) => Array.from({ length: count }, (_, index) => ({ key: `k${index}`, value: 'v' }));

describe('tag sets', () => {
  it('allows 10 tags on an object and 50 on a bucket', () => {
    checkObjectTags(tags(10));
    checkBucketTags(tags(50));
    assert.throws(() => checkObjectTags(tags(11)), { code: 'BadRequest', message: 'Object tags cannot be greater than 10' });
    assert.throws(() => checkBucketTags(tags(51)), { code: 'BadRequest' });
  });

  it('counts lengths in UTF-16 and allows letters, digits, spaces and _ . : / = + - @', () => {
    checkObjectTags([{ key: 'é'.repeat(128), value: 'ü'.repeat(256) }, { key: 'a_b.c:d/e=f+g-h@i j', value: '' }]);
    assert.throws(() => checkObjectTags([{ key: 'k'.repeat(129), value: '' }]), { code: 'InvalidTag', message: 'The TagKey you have provided is invalid' });
    assert.throws(() => checkObjectTags([{ key: 'k', value: 'v'.repeat(257) }]), { code: 'InvalidTag', message: 'The TagValue you have provided is invalid' });
    assert.throws(() => checkObjectTags([{ key: '', value: 'v' }]), { code: 'InvalidTag' });
    assert.throws(() => checkObjectTags([{ key: 'k', value: 'a,b' }]), { code: 'InvalidTag' });
  });

  it('refuses duplicate keys and aws: keys, in S3’s words for objects and for buckets', () => {
    assert.throws(() => checkObjectTags([{ key: 'a', value: '1' }, { key: 'a', value: '2' }]), { message: 'Cannot provide multiple Tags with the same key' });
    assert.throws(() => checkObjectTags([{ key: 'aws:x', value: '1' }]), { message: 'Your TagKey cannot be prefixed with aws:' });
    assert.throws(() => checkBucketTags([{ key: 'aws:x', value: '1' }]), { message: 'System tags cannot be added/updated by requester' });
  });
});
