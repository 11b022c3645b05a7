import type { ObjectRecord, S3Store } from '../../store/s3.js';
import { invalidArgument } from './s3-errors.js';

export interface ListObjectsQuery {
  bucket: string;
  prefix: string;
  delimiter: string | undefined;
  maxKeys: number;
  startAfter: string | undefined;
  continuationToken: string | undefined;
}

export interface ObjectListing {
  contents: ObjectRecord[];
  commonPrefixes: string[];
  isTruncated: boolean;
  /** Present when truncated: where the next page starts. */
  nextContinuationToken: string | undefined;
  /** Present when truncated: the last key or common prefix of this page. */
  nextMarker: string | undefined;
  keyCount: number;
}

const BATCH = 1000;

/** The token is the last key or common prefix a page returned, opaque to clients. */
const encodeToken = (after: string): string => Buffer.from(after, 'utf8').toString('base64');

function decodeToken(token: string): string {
  const after = Buffer.from(token, 'base64').toString('utf8');
  if (token === '' || encodeToken(after) !== token) throw invalidArgument('The continuation token provided is incorrect', 'continuation-token', token);
  return after;
}

/**
 * ListObjectsV2: keys in UTF-8 byte order after `start-after` or the continuation token, those sharing a
 * prefix up to the delimiter rolled up into one CommonPrefix; keys and prefixes together count towards max-keys.
 */
export async function listObjects(store: S3Store, query: ListObjectsQuery): Promise<ObjectListing> {
  const tokenAfter = query.continuationToken === undefined ? undefined : decodeToken(query.continuationToken);
  const startAfter = query.startAfter ?? '';
  let after = tokenAfter !== undefined && tokenAfter > startAfter ? tokenAfter : startAfter;
  const contents: ObjectRecord[] = [];
  const commonPrefixes: string[] = [];
  // A page that ended on a common prefix must not list it again.
  let lastPrefix: string | undefined = tokenAfter;
  let lastReturned: string | undefined;
  for (;;) {
    const batch = await store.listObjects({ bucket: query.bucket, prefix: query.prefix, after, limit: BATCH });
    for (const object of batch) {
      const rolledUp = commonPrefixOf(object.key, query.prefix, query.delimiter);
      if (rolledUp !== undefined && rolledUp === lastPrefix) continue;
      if (contents.length + commonPrefixes.length === query.maxKeys) {
        const nextMarker = lastReturned ?? after;
        return { contents, commonPrefixes, isTruncated: true, nextContinuationToken: encodeToken(nextMarker), nextMarker, keyCount: query.maxKeys };
      }
      if (rolledUp === undefined) {
        contents.push(object);
        lastReturned = object.key;
      } else {
        commonPrefixes.push(rolledUp);
        lastPrefix = rolledUp;
        lastReturned = rolledUp;
      }
    }
    const last = batch.at(-1);
    if (batch.length < BATCH || last === undefined) break;
    after = last.key;
  }
  return { contents, commonPrefixes, isTruncated: false, nextContinuationToken: undefined, nextMarker: undefined, keyCount: contents.length + commonPrefixes.length };
}

function commonPrefixOf(key: string, prefix: string, delimiter: string | undefined): string | undefined {
  if (delimiter === undefined || delimiter === '') return undefined;
  const at = key.indexOf(delimiter, prefix.length);
  return at === -1 ? undefined : key.slice(0, at + delimiter.length);
}
