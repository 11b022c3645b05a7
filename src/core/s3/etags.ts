import { createHash } from 'node:crypto';

/** Entity tags as S3 computes them. */

/** A single-part object's ETag: the MD5 of its bytes in hex, in quotes. */
export const md5ETag = (md5: Buffer): string => `"${md5.toString('hex')}"`;

/** The MD5 inside a single-part ETag (with or without quotes); undefined when it is not one. */
export function md5OfETag(eTag: string): Buffer | undefined {
  const hex = /^"?([0-9a-fA-F]{32})"?$/.exec(eTag.trim())?.[1];
  return hex === undefined ? undefined : Buffer.from(hex, 'hex');
}

/** A multipart object's ETag: the MD5 of its parts' binary MD5s, one after another, then `-<part count>`. */
export function multipartETag(partMd5s: Buffer[]): string {
  return `"${createHash('md5').update(Buffer.concat(partMd5s)).digest('hex')}-${partMd5s.length}"`;
}
