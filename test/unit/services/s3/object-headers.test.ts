import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkNoCustomerKey, describedBy, encryptionGiven, objectHeaders, withResponseOverrides } from '../../../../src/services/s3/object-headers.js';
import type { ObjectRecord } from '../../../../src/store/s3.js';

const record = (properties: ObjectRecord['properties']): ObjectRecord => ({
  bucket: 'b',
  key: 'k',
  dataId: 'd',
  size: 3,
  eTag: '"e"',
  contentType: 'text/plain',
  metadata: { a: '1' },
  properties,
  lastModified: 0,
  tags: [],
  acl: undefined,
});

describe('object headers', () => {
  it('reads Content-Type, x-amz-meta-* and the stored properties; absent ones stay absent', () => {
    assert.deepEqual(describedBy({ 'content-type': 'text/html', 'x-amz-meta-team': 'web', 'cache-control': 'no-cache', 'x-amz-storage-class': 'ONEZONE_IA' }), {
      contentType: 'text/html',
      metadata: { team: 'web' },
      properties: { cacheControl: 'no-cache', storageClass: 'ONEZONE_IA' },
    });
    assert.deepEqual(describedBy({}), { contentType: 'binary/octet-stream', metadata: {}, properties: {} });
  });

  it('keeps STANDARD implicit and drops the SDKs’ aws-chunked coding', () => {
    assert.deepEqual(describedBy({ 'x-amz-storage-class': 'STANDARD', 'content-encoding': 'aws-chunked' }).properties, {});
    assert.deepEqual(describedBy({ 'content-encoding': 'gzip,aws-chunked' }).properties, { contentEncoding: 'gzip' });
  });

  it('refuses what it cannot honour in S3’s words', () => {
    const refusals: Array<[Record<string, string>, string]> = [
      [{ 'x-amz-storage-class': 'standard' }, 'InvalidStorageClass'],
      [{ 'x-amz-website-redirect-location': 'page.html' }, 'InvalidRedirectLocation'],
      [{ 'x-amz-server-side-encryption': 'aws:kms' }, 'NotImplemented'],
      [{ 'x-amz-server-side-encryption': 'DES' }, 'InvalidArgument'],
      [{ 'x-amz-server-side-encryption-customer-algorithm': 'AES256' }, 'NotImplemented'],
      [{ 'x-amz-server-side-encryption-bucket-key-enabled': 'true' }, 'NotImplemented'],
      [{ 'x-amz-object-lock-legal-hold': 'ON' }, 'InvalidRequest'],
    ];
    for (const [headers, code] of refusals) assert.throws(() => describedBy(headers), { code }, JSON.stringify(headers));
  });

  it('tells whether a request names an encryption', () => {
    assert.equal(encryptionGiven({ 'x-amz-server-side-encryption': 'AES256' }), true);
    assert.equal(encryptionGiven({ 'x-amz-server-side-encryption-bucket-key-enabled': 'false' }), false);
  });

  it('finds SSE-C headers not applicable on reads, a copy’s source by its own prefix', () => {
    assert.throws(() => checkNoCustomerKey({ 'x-amz-server-side-encryption-customer-key-md5': 'x' }), { code: 'InvalidRequest' });
    assert.throws(() => checkNoCustomerKey({ 'x-amz-copy-source-server-side-encryption-customer-algorithm': 'AES256' }, 'x-amz-copy-source-'), { code: 'InvalidRequest' });
    checkNoCustomerKey({ 'x-amz-server-side-encryption': 'AES256' });
  });

  it('answers every object as SSE-S3, and the storage class only when it is not STANDARD', () => {
    const plain = objectHeaders(record({}));
    assert.equal(plain['x-amz-server-side-encryption'], 'AES256');
    assert.equal(plain['x-amz-storage-class'], undefined);
    const described = objectHeaders(record({ storageClass: 'GLACIER_IR', expires: 'soon', contentEncoding: 'br', websiteRedirectLocation: '/x' }));
    assert.deepEqual([described['x-amz-storage-class'], described.Expires, described['Content-Encoding'], described['x-amz-website-redirect-location'], described['x-amz-meta-a']], ['GLACIER_IR', 'soon', 'br', '/x', '1']);
  });

  it('lets response-* query parameters override the answer', () => {
    const headers = withResponseOverrides(objectHeaders(record({ cacheControl: 'max-age=1' })), new URLSearchParams('response-cache-control=no-store&response-content-type=image%2Fpng'));
    assert.deepEqual([headers['Cache-Control'], headers['Content-Type']], ['no-store', 'image/png']);
  });
});
