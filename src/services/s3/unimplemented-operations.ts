import type { Buckets } from '../../core/s3/buckets.js';
import { notImplemented } from '../../core/s3/s3-errors.js';
import type { RestXmlResponse, RestXmlRoute } from '../service.js';
import { bucketOf } from './s3-shapes.js';
import { S3_SUBRESOURCE_OPERATIONS, type SubresourceOperation } from './subresources.js';

const sameShape = (route: RestXmlRoute, entry: SubresourceOperation): boolean =>
  route.method === entry.method && route.target === entry.target && route.query === entry.subresource && route.header === entry.header;

/**
 * S3's NotImplemented (501) for every subresource operation that `served` does not serve, once the bucket is known to
 * exist: such a request is refused, never taken for the plain operation of its method and path.
 */
export function unimplementedRoutes(served: RestXmlRoute[], buckets: Buckets): RestXmlRoute[] {
  return S3_SUBRESOURCE_OPERATIONS.filter((entry) => !served.some((route) => sameShape(route, entry))).map((entry) => {
    const [operation = entry.subresource, ...alike] = entry.operations;
    const also = alike.length === 0 ? '' : ` (nor ${alike.join(', ')})`;
    const message = `Eventide does not implement ${operation}${also}: ${entry.method} ?${entry.subresource} on ${entry.target === 'bucket' ? 'a bucket' : 'an object'}.`;
    const route: RestXmlRoute = {
      operation,
      method: entry.method,
      target: entry.target,
      query: entry.subresource,
      input: 'none',
      async handle(request): Promise<RestXmlResponse> {
        await buckets.require(bucketOf(request));
        throw notImplemented(message);
      },
    };
    return entry.header === undefined ? route : { ...route, header: entry.header };
  });
}
