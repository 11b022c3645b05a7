import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isValidBucketName } from '../../../../src/core/s3/bucket-name.js';

describe('isValidBucketName', () => {
  const cases: [string, boolean][] = [
    ['my-bucket', true],
    ['my.bucket.2024', true],
    ['abc', true],
    ['a'.repeat(63), true],
    ['ab', false],
    ['a'.repeat(64), false],
    ['My-Bucket', false],
    ['under_score', false],
    ['-leading', false],
    ['trailing-', false],
    ['double..dot', false],
    ['192.168.1.1', false],
  ];
  for (const [name, valid] of cases) it(`${name} is ${valid ? 'valid' : 'invalid'}`, () => assert.equal(isValidBucketName(name), valid));
});
