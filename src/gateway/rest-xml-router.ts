import type { IncomingHttpHeaders } from 'node:http';
import { serviceError } from '../lib/errors.js';
import type { RestXmlRoute, RestXmlService } from '../services/service.js';

/** What an S3 request addresses: the service, a bucket, or an object of a bucket. */
export interface RestXmlTarget {
  bucket: string | undefined;
  key: string | undefined;
}

/**
 * `bucket.localhost`, `bucket.s3.localhost`, `bucket.s3.us-east-1.localhost` (any port) name the bucket in the host;
 * `localhost`, `s3.localhost` and IP addresses leave it to the path.
 */
export function bucketOfHost(host: string | undefined): string | undefined {
  const name = (host ?? '').toLowerCase().replace(/:\d+$/, '');
  if (!name.endsWith('.localhost')) return undefined;
  const rest = name.slice(0, -'.localhost'.length);
  if (rest === 's3' || /^s3[.-][a-z0-9-]+$/.test(rest)) return undefined;
  const withService = /^(.+)\.s3(?:[.-][a-z0-9-]+)?$/.exec(rest);
  return withService?.[1] ?? rest;
}

const invalidUri = () => serviceError('InvalidURI', 400, "Couldn't parse the specified URI.");

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw invalidUri();
  }
}

/** Path-style `/bucket/key` or, with a virtual host, `/key`. The key keeps its slashes, doubled ones included. */
export function locate(headers: IncomingHttpHeaders, path: string): RestXmlTarget {
  const hostBucket = bucketOfHost(headers.host);
  const rest = path.startsWith('/') ? path.slice(1) : path;
  if (hostBucket !== undefined) return { bucket: hostBucket, key: rest === '' ? undefined : decode(rest) };
  if (rest === '') return { bucket: undefined, key: undefined };
  const slash = rest.indexOf('/');
  if (slash === -1) return { bucket: decode(rest), key: undefined };
  const key = rest.slice(slash + 1);
  return { bucket: decode(rest.slice(0, slash)), key: key === '' ? undefined : decode(key) };
}

const targetOf = (where: RestXmlTarget): RestXmlRoute['target'] =>
  where.bucket === undefined ? 'service' : where.key === undefined ? 'bucket' : 'object';

/** The subresources a request names, in the order it names them. */
export function subresourcesOf(query: URLSearchParams, subresources: ReadonlySet<string>): string[] {
  return [...new Set(query.keys())].filter((name) => subresources.has(name));
}

/**
 * The route for a request. Only routes of its method and target whose subresource is exactly the one the request
 * names (or none, when it names none) are candidates: a subresource nobody serves never falls through to the plain
 * operation. Among them, the first whose other required query parameter or header is present, else the one that
 * requires nothing more.
 */
export function matchRestXmlRoute(
  service: RestXmlService,
  method: string,
  where: RestXmlTarget,
  query: URLSearchParams,
  headers: IncomingHttpHeaders,
): RestXmlRoute | undefined {
  const named = subresourcesOf(query, service.subresources);
  if (named.length > 1) return undefined;
  const subresourceOf = (route: RestXmlRoute) => (route.query !== undefined && service.subresources.has(route.query) ? route.query : undefined);
  const candidates = service.routes.filter((route) => route.method === method && route.target === targetOf(where) && subresourceOf(route) === named[0]);
  const parameterOf = (route: RestXmlRoute) => (subresourceOf(route) === undefined ? route.query : undefined);
  const specific = candidates.find((route) => {
    const parameter = parameterOf(route);
    if (parameter === undefined && route.header === undefined) return false;
    return (parameter === undefined || query.has(parameter)) && (route.header === undefined || headers[route.header] !== undefined);
  });
  return specific ?? candidates.find((route) => parameterOf(route) === undefined && route.header === undefined);
}
