import type { AwsError } from '../../lib/errors.js';
import type { ObjectPrecondition, PreconditionOutcome } from '../../store/s3.js';
import { noSuchKey, notImplemented, preconditionFailed } from './s3-errors.js';

/**
 * S3's conditional requests (RFC 7232 with S3's rules): reads (GetObject, HeadObject, a copy's source) are answered
 * by the object's ETag and Last-Modified; writes (PutObject, CopyObject, CompleteMultipartUpload, DeleteObject) carry
 * an ObjectPrecondition the store checks in the same transaction as the write.
 */

/** A read's conditional headers, as given. */
export interface ReadConditions {
  ifMatch: string | undefined;
  ifNoneMatch: string | undefined;
  ifModifiedSince: string | undefined;
  ifUnmodifiedSince: string | undefined;
}

export type ReadCondition = 'If-Match' | 'If-None-Match' | 'If-Modified-Since' | 'If-Unmodified-Since';

/** Why a conditional read does not proceed: a failed precondition (412), or an unchanged object (304 on a GET or HEAD). */
export interface ReadRefusal {
  outcome: 'failed' | 'not-modified';
  condition: ReadCondition;
}

const unquoted = (eTag: string): string => eTag.trim().replace(/^"(.*)"$/, '$1');

/**
 * Whether an `If-Match` / `If-None-Match` list (`"a", "b"` or `*`) names the object's ETag. S3 takes an ETag with or
 * without its quotes; `weak` (If-None-Match) also takes a `W/` tag as its strong self.
 */
function listNames(list: string, eTag: string, weak: boolean): boolean {
  if (list.trim() === '*') return true;
  return list.split(',').some((item) => {
    const tag = item.trim();
    if (tag.startsWith('W/')) return weak && unquoted(tag.slice(2)) === unquoted(eTag);
    return unquoted(tag) === unquoted(eTag);
  });
}

/** An HTTP date at one-second resolution, as HTTP dates are; undefined when absent or not a date (then ignored, as S3 does). */
function secondsOf(date: string | undefined): number | undefined {
  if (date === undefined) return undefined;
  const time = Date.parse(date);
  return Number.isNaN(time) ? undefined : Math.floor(time / 1000);
}

/**
 * RFC 7232 §6's order: If-Match, else If-Unmodified-Since, can fail the request; then If-None-Match, else
 * If-Modified-Since, can find the object unchanged. A date later than `now` is ignored. Undefined: the read proceeds.
 */
export function evaluateRead(conditions: ReadConditions, object: { eTag: string; lastModified: number }, now: number): ReadRefusal | undefined {
  const modified = Math.floor(object.lastModified / 1000);
  if (conditions.ifMatch !== undefined) {
    if (!listNames(conditions.ifMatch, object.eTag, false)) return { outcome: 'failed', condition: 'If-Match' };
  } else {
    const since = secondsOf(conditions.ifUnmodifiedSince);
    if (since !== undefined && modified > since) return { outcome: 'failed', condition: 'If-Unmodified-Since' };
  }
  if (conditions.ifNoneMatch !== undefined) {
    if (listNames(conditions.ifNoneMatch, object.eTag, true)) return { outcome: 'not-modified', condition: 'If-None-Match' };
  } else {
    const since = secondsOf(conditions.ifModifiedSince);
    if (since !== undefined && since <= Math.floor(now / 1000) && modified <= since) return { outcome: 'not-modified', condition: 'If-Modified-Since' };
  }
  return undefined;
}

const unsupportedHeader = (header: string, detail: string): AwsError =>
  notImplemented('A header you provided implies functionality that is not implemented', { Header: header, additionalMessage: detail });

const UNACCEPTED_VALUE = "We don't accept the provided value of If-None-Match header for this API";

/**
 * A write's `If-Match` / `If-None-Match` (PutObject, CopyObject's destination, CompleteMultipartUpload): S3 takes
 * `If-None-Match: *` (create only) or `If-Match: <ETag>` (replace only that object), one at a time.
 */
export function writePrecondition(ifMatch: string | undefined, ifNoneMatch: string | undefined): ObjectPrecondition | undefined {
  if (ifMatch !== undefined && ifNoneMatch !== undefined) {
    throw unsupportedHeader('If-Match,If-None-Match', 'Multiple conditional request headers present in the request');
  }
  if (ifNoneMatch !== undefined) {
    if (ifNoneMatch.trim() !== '*') throw unsupportedHeader('If-None-Match', UNACCEPTED_VALUE);
    return { exists: false };
  }
  if (ifMatch === undefined) return undefined;
  if (ifMatch.trim() === '*') throw unsupportedHeader('If-None-Match', UNACCEPTED_VALUE);
  return { exists: true, eTag: `"${unquoted(ifMatch)}"` };
}

/** DeleteObject's `If-Match` (and a DeleteObjects entry's ETag): an ETag, or `*` for any object at all. */
export function deletePrecondition(ifMatch: string | undefined): ObjectPrecondition | undefined {
  if (ifMatch === undefined) return undefined;
  return { exists: true, eTag: ifMatch.trim() === '*' ? undefined : `"${unquoted(ifMatch)}"` };
}

/** A conditional write (or delete) the store refused, as S3 answers it. */
export function refusedWrite(outcome: PreconditionOutcome, key: string, precondition: ObjectPrecondition | undefined): AwsError {
  if (outcome === 'no-such-key') return noSuchKey(key);
  return preconditionFailed(precondition?.exists === false ? 'If-None-Match' : 'If-Match');
}
