import type { IncomingHttpHeaders } from 'node:http';
import { type ReadConditions, writePrecondition } from '../../core/s3/preconditions.js';
import type { ObjectPrecondition } from '../../store/s3.js';
import { header } from './s3-shapes.js';

/** A conditional request's headers: a read's (GetObject, HeadObject; a copy's source under `x-amz-copy-source-`) and a write's. */

export function readConditionsOf(headers: IncomingHttpHeaders, prefix = ''): ReadConditions {
  return {
    ifMatch: header(headers, `${prefix}if-match`),
    ifNoneMatch: header(headers, `${prefix}if-none-match`),
    ifModifiedSince: header(headers, `${prefix}if-modified-since`),
    ifUnmodifiedSince: header(headers, `${prefix}if-unmodified-since`),
  };
}

/** PutObject's, CopyObject's and CompleteMultipartUpload's `If-Match` / `If-None-Match`. */
export const writePreconditionOf = (headers: IncomingHttpHeaders): ObjectPrecondition | undefined =>
  writePrecondition(header(headers, 'if-match'), header(headers, 'if-none-match'));
