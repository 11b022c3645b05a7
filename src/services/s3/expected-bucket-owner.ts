import { serviceError } from '../../lib/errors.js';
import type { RestXmlRoute } from '../service.js';
import { header } from './s3-shapes.js';

/** The headers by which a request names the account it expects to own its bucket (and a copy's source bucket). */
const EXPECTED_OWNER_HEADERS = ['x-amz-expected-bucket-owner', 'x-amz-source-expected-bucket-owner'];

/**
 * Every S3 operation honours `x-amz-expected-bucket-owner`: every bucket is the one account's, so naming any other
 * account is S3's AccessDenied, before anything is read or changed.
 */
export function checkingExpectedOwner(routes: RestXmlRoute[], accountId: string): RestXmlRoute[] {
  return routes.map((route) => ({
    ...route,
    handle(request) {
      for (const name of EXPECTED_OWNER_HEADERS) {
        const expected = header(request.headers, name);
        if (expected !== undefined && expected !== accountId) throw serviceError('AccessDenied', 403, 'Access Denied');
      }
      return route.handle(request);
    },
  }));
}
