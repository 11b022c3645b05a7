import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTaggingHeader } from '../../../../src/services/s3/tagging-document.js';

describe('the x-amz-tagging header', () => {
  it('reads x-amz-tagging as URL query parameters: `+` and %XX decoded, a bare key has the empty value, empty pairs skipped', () => {
    assert.deepEqual(parseTaggingHeader('a=1&b=two+words%40&c&&d='), [
      { key: 'a', value: '1' },
      { key: 'b', value: 'two words@' },
      { key: 'c', value: '' },
      { key: 'd', value: '' },
    ]);
  });

  it('refuses a pair with a second `=`, a key given twice or a bad escape as InvalidArgument', () => {
    for (const header of ['a=1,b=2', 'a=1&a=2', 'a=%E0%A4%A']) assert.throws(() => parseTaggingHeader(header), { code: 'InvalidArgument' });
  });

  it('holds the tags it gives to an object’s rules', () => {
    assert.throws(() => parseTaggingHeader(Array.from({ length: 11 }, (_, index) => `k${index}=v`).join('&')), { code: 'BadRequest' });
  });
});
