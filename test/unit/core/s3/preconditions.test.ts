import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deletePrecondition, evaluateRead, type ReadConditions, writePrecondition } from '../../../../src/core/s3/preconditions.js';
import { AwsError } from '../../../../src/lib/errors.js';

const object = { eTag: '"abc"', lastModified: Date.parse('2024-05-01T12:00:00.700Z') };
const now = Date.parse('2024-06-01T00:00:00Z');
const none: ReadConditions = { ifMatch: undefined, ifNoneMatch: undefined, ifModifiedSince: undefined, ifUnmodifiedSince: undefined };
const read = (conditions: Partial<ReadConditions>) => evaluateRead({ ...none, ...conditions }, object, now);

describe('evaluateRead', () => {
  it('proceeds without conditions', () => assert.equal(read({}), undefined));

  it('If-Match names the ETag, quoted or not, in a list, or *; a weak tag never matches', () => {
    for (const ifMatch of ['"abc"', 'abc', '"x", "abc"', '*']) assert.equal(read({ ifMatch }), undefined, ifMatch);
    for (const ifMatch of ['"x"', 'W/"abc"']) assert.deepEqual(read({ ifMatch }), { outcome: 'failed', condition: 'If-Match' }, ifMatch);
  });

  it('If-None-Match naming the ETag (weakly too) or * finds the object unchanged', () => {
    for (const ifNoneMatch of ['"abc"', 'W/"abc"', '*']) assert.deepEqual(read({ ifNoneMatch }), { outcome: 'not-modified', condition: 'If-None-Match' });
    assert.equal(read({ ifNoneMatch: '"x"' }), undefined);
  });

  it('compares dates at one-second resolution', () => {
    const same = 'Wed, 01 May 2024 12:00:00 GMT';
    const before = 'Wed, 01 May 2024 11:59:59 GMT';
    assert.equal(read({ ifUnmodifiedSince: same }), undefined);
    assert.deepEqual(read({ ifUnmodifiedSince: before }), { outcome: 'failed', condition: 'If-Unmodified-Since' });
    assert.deepEqual(read({ ifModifiedSince: same }), { outcome: 'not-modified', condition: 'If-Modified-Since' });
    assert.equal(read({ ifModifiedSince: before }), undefined);
  });

  it('ignores a date that is not one, and an If-Modified-Since later than now', () => {
    assert.equal(read({ ifUnmodifiedSince: 'yesterday' }), undefined);
    assert.equal(read({ ifModifiedSince: 'Fri, 01 Jan 2100 00:00:00 GMT' }), undefined);
  });

  it('lets If-Match decide over If-Unmodified-Since, and If-None-Match over If-Modified-Since (RFC 7232 §6)', () => {
    assert.equal(read({ ifMatch: '"abc"', ifUnmodifiedSince: 'Tue, 30 Apr 2024 00:00:00 GMT' }), undefined);
    assert.equal(read({ ifNoneMatch: '"x"', ifModifiedSince: 'Sat, 01 Jun 2024 00:00:00 GMT' }), undefined);
    assert.deepEqual(read({ ifNoneMatch: '"abc"', ifModifiedSince: 'Tue, 30 Apr 2024 00:00:00 GMT' }), { outcome: 'not-modified', condition: 'If-None-Match' });
  });

  it('fails before it finds the object unchanged', () => {
    assert.deepEqual(read({ ifMatch: '"x"', ifNoneMatch: '"abc"' }), { outcome: 'failed', condition: 'If-Match' });
  });
});

const refusal = (call: () => unknown): { code: string; status: number; fields: Record<string, unknown> } => {
  try {
    call();
  } catch (error) {
    assert.ok(error instanceof AwsError);
    return { code: error.code, status: error.status, fields: error.fields };
  }
  assert.fail('expected a refusal');
};

describe('writePrecondition', () => {
  it('takes If-None-Match: * and If-Match with an ETag, quoted or not', () => {
    assert.equal(writePrecondition(undefined, undefined), undefined);
    assert.deepEqual(writePrecondition(undefined, '*'), { exists: false });
    assert.deepEqual(writePrecondition('abc', undefined), { exists: true, eTag: '"abc"' });
    assert.deepEqual(writePrecondition('"abc"', undefined), { exists: true, eTag: '"abc"' });
  });

  it('answers NotImplemented for both at once, an If-None-Match ETag and If-Match: *, as S3 does', () => {
    assert.deepEqual(refusal(() => writePrecondition('"a"', '*')), {
      code: 'NotImplemented',
      status: 501,
      fields: { Header: 'If-Match,If-None-Match', additionalMessage: 'Multiple conditional request headers present in the request' },
    });
    for (const [ifMatch, ifNoneMatch] of [[undefined, '"abc"'], ['*', undefined]] as const) {
      assert.deepEqual(refusal(() => writePrecondition(ifMatch, ifNoneMatch)), {
        code: 'NotImplemented',
        status: 501,
        fields: { Header: 'If-None-Match', additionalMessage: "We don't accept the provided value of If-None-Match header for this API" },
      });
    }
  });
});

describe('deletePrecondition', () => {
  it('takes an ETag, or * for any object', () => {
    assert.equal(deletePrecondition(undefined), undefined);
    assert.deepEqual(deletePrecondition('*'), { exists: true, eTag: undefined });
    assert.deepEqual(deletePrecondition('abc'), { exists: true, eTag: '"abc"' });
  });
});
