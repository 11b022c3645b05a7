import type { IncomingHttpHeaders } from 'node:http';
import type { CanonicalUser } from '../../core/s3/access-control.js';
import { definedProperties, isStorageClass, type ObjectProperties } from '../../core/s3/object-properties.js';
import { DEFAULT_CONTENT_TYPE, type ObjectDescription, type ObjectHeaders } from '../../core/s3/objects.js';
import { invalidArgument, invalidStorageClass, notImplemented } from '../../core/s3/s3-errors.js';
import { serviceError } from '../../lib/errors.js';
import type { ObjectRecord } from '../../store/s3.js';
import { aclOfHeaders } from './access-control-policy.js';
import { header, httpDate } from './s3-shapes.js';
import { tagsOfHeader } from './tagging-document.js';

/**
 * An object's headers on the wire: what a write asks for — the headers of PutObject, CopyObject (REPLACE) and
 * CreateMultipartUpload, or PostObject's form fields, names lower-cased alike — and what GetObject and HeadObject
 * answer.
 */

const META_PREFIX = 'x-amz-meta-';

/** The properties S3 keeps as given: the request's name (lower-case), the member, the answer's header. */
const VERBATIM: Array<[string, 'cacheControl' | 'contentDisposition' | 'contentLanguage' | 'expires', string]> = [
  ['cache-control', 'cacheControl', 'Cache-Control'],
  ['content-disposition', 'contentDisposition', 'Content-Disposition'],
  ['content-language', 'contentLanguage', 'Content-Language'],
  ['expires', 'expires', 'Expires'],
];

/** Every object is encrypted with S3's own keys (SSE-S3): S3's default, and the only encryption Eventide has. */
export const ENCRYPTION_HEADERS = { 'x-amz-server-side-encryption': 'AES256' } as const;

/** Encryption with KMS keys or the customer's own keys (SSE-C): Eventide has neither. */
const UNSUPPORTED_ENCRYPTION = [
  'x-amz-server-side-encryption-aws-kms-key-id',
  'x-amz-server-side-encryption-context',
  'x-amz-server-side-encryption-customer-algorithm',
  'x-amz-server-side-encryption-customer-key',
  'x-amz-server-side-encryption-customer-key-md5',
];

const OBJECT_LOCK = ['x-amz-object-lock-mode', 'x-amz-object-lock-retain-until-date', 'x-amz-object-lock-legal-hold'];

const unsupportedEncryption = (name: string, value: string) =>
  notImplemented(`Eventide encrypts objects with S3's own keys only (AES256, SSE-S3): ${name}: ${value} is not implemented.`);

/**
 * Whether the request names an encryption (`x-amz-server-side-encryption`): AES256 is what every object has; KMS and
 * SSE-C are refused.
 */
export function encryptionGiven(properties: IncomingHttpHeaders): boolean {
  const algorithm = header(properties, 'x-amz-server-side-encryption');
  if (algorithm === 'aws:kms' || algorithm === 'aws:kms:dsse') throw unsupportedEncryption('x-amz-server-side-encryption', algorithm);
  if (algorithm !== undefined && algorithm !== 'AES256') throw invalidArgument('The encryption method specified is not supported', 'x-amz-server-side-encryption', algorithm);
  for (const name of UNSUPPORTED_ENCRYPTION) {
    const value = header(properties, name);
    if (value !== undefined) throw unsupportedEncryption(name, name.includes('customer-key') ? '…' : value);
  }
  const bucketKey = header(properties, 'x-amz-server-side-encryption-bucket-key-enabled');
  if (bucketKey?.toLowerCase() === 'true') throw unsupportedEncryption('x-amz-server-side-encryption-bucket-key-enabled', bucketKey);
  return algorithm !== undefined;
}

/**
 * SSE-C headers on a request that reads an object (GetObject, HeadObject, UploadPart; a copy's source with the
 * `x-amz-copy-source-` prefix): no object has a customer key, so S3 finds them not applicable.
 */
export function checkNoCustomerKey(headers: IncomingHttpHeaders, prefix = 'x-amz-'): void {
  if (['algorithm', 'key', 'key-md5'].some((suffix) => headers[`${prefix}server-side-encryption-customer-${suffix}`] !== undefined)) {
    throw serviceError('InvalidRequest', 400, 'The encryption parameters are not applicable to this object.');
  }
}

/** SDKs add `aws-chunked` for their streaming framing; S3 does not keep it. */
function contentEncodingOf(value: string | undefined): string | undefined {
  const codings = (value ?? '').split(',').map((coding) => coding.trim()).filter((coding) => coding !== '' && coding !== 'aws-chunked');
  return codings.length === 0 ? undefined : codings.join(',');
}

function storageClassOf(value: string | undefined): ObjectProperties['storageClass'] {
  if (value === undefined) return undefined;
  if (!isStorageClass(value)) throw invalidStorageClass(value);
  return value === 'STANDARD' ? undefined : value;
}

function websiteRedirectOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!['/', 'http://', 'https://'].some((prefix) => value.startsWith(prefix))) {
    throw serviceError('InvalidRedirectLocation', 400, "The website redirect location must have a prefix of 'http://' or 'https://' or '/'.");
  }
  return value;
}

/** Content-Type, `x-amz-meta-*` and the properties a write asks for; what Eventide cannot honour is refused. */
export function describedBy(properties: IncomingHttpHeaders): ObjectHeaders {
  encryptionGiven(properties);
  if (OBJECT_LOCK.some((name) => properties[name] !== undefined)) throw serviceError('InvalidRequest', 400, 'Bucket is missing Object Lock Configuration');
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(properties)) {
    if (name.startsWith(META_PREFIX) && value !== undefined) metadata[name.slice(META_PREFIX.length)] = Array.isArray(value) ? value.join(',') : value;
  }
  const stored: ObjectProperties = {
    contentEncoding: contentEncodingOf(header(properties, 'content-encoding')),
    storageClass: storageClassOf(header(properties, 'x-amz-storage-class')),
    websiteRedirectLocation: websiteRedirectOf(header(properties, 'x-amz-website-redirect-location')),
  };
  for (const [name, member] of VERBATIM) stored[member] = header(properties, name);
  return { contentType: header(properties, 'content-type') ?? DEFAULT_CONTENT_TYPE, metadata, properties: definedProperties(stored) };
}

/** A new object's description from its request: its headers, `x-amz-tagging` and its ACL (`x-amz-acl`, `x-amz-grant-*`). */
export function objectDescriptionOf(properties: IncomingHttpHeaders, owner: CanonicalUser): ObjectDescription {
  return { ...describedBy(properties), tags: tagsOfHeader(properties) ?? [], acl: aclOfHeaders(properties, 'object', owner) };
}

/** The headers GetObject and HeadObject answer with. */
export function objectHeaders(object: ObjectRecord): Record<string, string> {
  const { properties } = object;
  const headers: Record<string, string> = {
    'Content-Type': object.contentType,
    'Content-Length': String(object.size),
    ETag: object.eTag,
    'Last-Modified': httpDate(object.lastModified),
    'Accept-Ranges': 'bytes',
    ...ENCRYPTION_HEADERS,
  };
  for (const [, member, name] of VERBATIM) if (properties[member] !== undefined) headers[name] = properties[member];
  if (properties.contentEncoding !== undefined) headers['Content-Encoding'] = properties.contentEncoding;
  if (properties.websiteRedirectLocation !== undefined) headers['x-amz-website-redirect-location'] = properties.websiteRedirectLocation;
  if (properties.storageClass !== undefined) headers['x-amz-storage-class'] = properties.storageClass;
  for (const [name, value] of Object.entries(object.metadata)) headers[`${META_PREFIX}${name}`] = value;
  if (object.tags.length > 0) headers['x-amz-tagging-count'] = String(object.tags.length);
  return headers;
}

/** GetObject's and HeadObject's `response-*` query parameters: the answer's header, whatever the object has. */
const RESPONSE_OVERRIDES: Array<[string, string]> = [
  ['response-cache-control', 'Cache-Control'],
  ['response-content-disposition', 'Content-Disposition'],
  ['response-content-encoding', 'Content-Encoding'],
  ['response-content-language', 'Content-Language'],
  ['response-content-type', 'Content-Type'],
  ['response-expires', 'Expires'],
];

export function withResponseOverrides(headers: Record<string, string>, query: URLSearchParams): Record<string, string> {
  for (const [parameter, name] of RESPONSE_OVERRIDES) {
    const value = query.get(parameter);
    if (value !== null) headers[name] = value;
  }
  return headers;
}
