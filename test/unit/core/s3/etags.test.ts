import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { md5ETag, md5OfETag, multipartETag } from '../../../../src/core/s3/etags.js';

const md5 = (text: string): Buffer => createHash('md5').update(text).digest();

describe('ETags', () => {
  it('a single-part ETag is the quoted hex MD5', () => assert.equal(md5ETag(md5('')), '"d41d8cd98f00b204e9800998ecf8427e"'));

  it('a multipart ETag is the MD5 of the concatenated part MD5s with the part count', () => {
    const parts = [md5('a'), md5('b'), md5('c')];
    assert.equal(multipartETag(parts), `"${createHash('md5').update(Buffer.concat(parts)).digest('hex')}-3"`);
  });

  const cases: [string, string | undefined][] = [
    ['"d41d8cd98f00b204e9800998ecf8427e"', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['D41D8CD98F00B204E9800998ECF8427E', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['"d41d8cd98f00b204e9800998ecf8427e-2"', undefined],
    ['nonsense', undefined],
  ];
  for (const [eTag, hex] of cases) it(`reads the MD5 of ${eTag}`, () => assert.equal(md5OfETag(eTag)?.toString('hex'), hex));
});
