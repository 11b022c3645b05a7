import type { ByteRange } from './object-data.js';

/**
 * The byte range a `Range` header asks of an object of `size` bytes, as S3 reads it: `bytes=a-b` (the end is
 * clamped to the object), `bytes=a-`, `bytes=-n` (the last n bytes). Returns undefined for the whole object (no
 * header, or one S3 ignores: another unit, several ranges, bad syntax) and 'unsatisfiable' when the range lies
 * outside the object.
 */
export function parseByteRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | undefined {
  if (header === undefined) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (match === null) return undefined;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return undefined;
  if (first === '') {
    const length = Number(last);
    if (length === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Number(last);
  if (start >= size) return 'unsatisfiable';
  if (end < start) return undefined;
  return { start, end: Math.min(end, size - 1) };
}
