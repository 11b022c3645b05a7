import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { copiedProperties, isArchived } from '../../../../src/core/s3/object-properties.js';

describe('object properties', () => {
  it('a COPY takes the source’s content headers, but the storage class and redirect of the copy request', () => {
    const source = { cacheControl: 'no-cache', contentLanguage: 'en', storageClass: 'GLACIER_IR', websiteRedirectLocation: '/old' } as const;
    assert.deepEqual(copiedProperties(source, {}), { cacheControl: 'no-cache', contentLanguage: 'en' });
    assert.deepEqual(copiedProperties(source, { storageClass: 'STANDARD_IA', cacheControl: 'ignored' }), { cacheControl: 'no-cache', contentLanguage: 'en', storageClass: 'STANDARD_IA' });
  });

  it('GLACIER and DEEP_ARCHIVE are archived; GLACIER_IR is not', () => {
    assert.deepEqual(['GLACIER', 'DEEP_ARCHIVE', 'GLACIER_IR', undefined].map((storageClass) => isArchived(storageClass === undefined ? {} : { storageClass: storageClass as 'GLACIER' })), [true, true, false, false]);
  });
});
