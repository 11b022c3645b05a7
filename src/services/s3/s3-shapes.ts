import type { IncomingHttpHeaders } from 'node:http';
import type { XmlObject, XmlValue } from '../service.js';
import { accountOwner } from '../../core/s3/access-control.js';

/** S3's wire details shared by its operations: timestamps, headers, owners, repeated XML elements. */

export const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** XML timestamps: ISO 8601 with milliseconds. */
export const isoTime = (epochMs: number): string => new Date(epochMs).toISOString();

/** Header timestamps (`Last-Modified`): RFC 7231. */
export const httpDate = (epochMs: number): string => new Date(epochMs).toUTCString();

export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The account's canonical user, as Owner elements show it. */
export function ownerOf(accountId: string): XmlObject {
  const owner = accountOwner(accountId);
  return { ID: owner.id, DisplayName: owner.displayName };
}

/** An element that may occur once or repeatedly, as a list. */
export function elements(value: XmlValue | undefined): XmlValue[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** The text of a single element; undefined when absent or not text. */
export const textOf = (value: XmlValue | undefined): string | undefined => (typeof value === 'string' ? value : undefined);

export const objectsOf = (value: XmlValue | undefined): XmlObject[] =>
  elements(value).filter((item): item is XmlObject => typeof item === 'object' && !Array.isArray(item));
