import type { IncomingHttpHeaders } from 'node:http';
import type { RestXmlRequest, RestXmlRoute, XmlObject, XmlValue } from '../service.js';
import type { CanonicalUser } from '../../core/s3/access-control.js';
import type { RequestOrigin } from '../../core/s3/object-events.js';

/** S3's wire details shared by its operations: the addressed bucket and key, timestamps, headers, owners, repeated XML elements. */

export const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** The bucket a request addresses; the router gives bucket and object routes only requests that name one. */
export const bucketOf = (request: RestXmlRequest): string => request.bucket ?? '';

export const keyOf = (request: RestXmlRequest): string => request.key ?? '';

/** A route on a bucket's subresource; `body` is the root element its XML body must have, or 'none'. */
export const bucketSubresourceRoute = (operation: string, method: RestXmlRoute['method'], query: string, body: string, handle: RestXmlRoute['handle']): RestXmlRoute =>
  body === 'none' ? { operation, method, target: 'bucket', query, input: 'none', handle } : { operation, method, target: 'bucket', query, input: 'xml', root: body, handle };

/** Who asked, as S3's event records name it. */
export const originOf = (request: RestXmlRequest): RequestOrigin => ({ requestId: request.requestId, sourceIp: request.sourceIp });

/** XML timestamps: ISO 8601 with milliseconds. */
export const isoTime = (epochMs: number): string => new Date(epochMs).toISOString();

/** Header timestamps (`Last-Modified`): RFC 7231. */
export const httpDate = (epochMs: number): string => new Date(epochMs).toUTCString();

export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The account's canonical user, as Owner elements show it. */
export const ownerXml = (owner: CanonicalUser): XmlObject => ({ ID: owner.id, DisplayName: owner.displayName });

/** An element that may occur once or repeatedly, as a list. */
export function elements(value: XmlValue | undefined): XmlValue[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** The text of a single element; undefined when absent or not text. */
export const textOf = (value: XmlValue | undefined): string | undefined => (typeof value === 'string' ? value : undefined);

export const objectsOf = (value: XmlValue | undefined): XmlObject[] =>
  elements(value).filter((item): item is XmlObject => typeof item === 'object' && !Array.isArray(item));
