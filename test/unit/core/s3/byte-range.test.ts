import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseByteRange } from '../../../../src/core/s3/byte-range.js';

describe('parseByteRange', () => {
  const cases: { header: string | undefined; size: number; expected: ReturnType<typeof parseByteRange> }[] = [
    { header: undefined, size: 10, expected: undefined },
    { header: 'bytes=2-5', size: 10, expected: { start: 2, end: 5 } },
    { header: 'bytes=8-100', size: 10, expected: { start: 8, end: 9 } },
    { header: 'bytes=7-', size: 10, expected: { start: 7, end: 9 } },
    { header: 'bytes=-3', size: 10, expected: { start: 7, end: 9 } },
    { header: 'bytes=-30', size: 10, expected: { start: 0, end: 9 } },
    { header: 'bytes=10-12', size: 10, expected: 'unsatisfiable' },
    { header: 'bytes=-0', size: 10, expected: 'unsatisfiable' },
    { header: 'bytes=0-', size: 0, expected: 'unsatisfiable' },
    { header: 'bytes=5-2', size: 10, expected: undefined },
    { header: 'bytes=0-1,4-5', size: 10, expected: undefined },
    { header: 'items=0-1', size: 10, expected: undefined },
    { header: 'bytes=-', size: 10, expected: undefined },
  ];
  for (const { header, size, expected } of cases) {
    it(`${String(header)} of ${size} bytes`, () => assert.deepEqual(parseByteRange(header, size), expected));
  }
});
