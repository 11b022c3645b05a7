import type { CanonicalUser } from '../../core/s3/access-control.js';
import type { Objects } from '../../core/s3/objects.js';
import { invalidArgument, malformedXml, notImplemented } from '../../core/s3/s3-errors.js';
import { serviceError } from '../../lib/errors.js';
import type { RestXmlRequest, RestXmlResponse, RestXmlRoute, XmlObject } from '../service.js';
import { aclOfHeaders } from './access-control-policy.js';
import { checkNoCustomerKey, describedBy, ENCRYPTION_HEADERS, encryptionGiven, objectDescriptionOf, objectHeaders, withResponseOverrides } from './object-headers.js';
import { readConditionsOf, writePreconditionOf } from './conditional-headers.js';
import { bucketOf, header, httpDate, isoTime, keyOf, objectsOf, originOf, textOf } from './s3-shapes.js';
import { tagsOfHeader } from './tagging-document.js';

const target = (request: RestXmlRequest) => ({ bucket: bucketOf(request), key: keyOf(request) });

/** Most keys one DeleteObjects request may name. */
const MAX_DELETE_KEYS = 1000;

/** `x-amz-copy-source`: `[/]bucket/key[?versionId=…]`, the key URL-encoded. */
function copySourceOf(text: string): { bucket: string; key: string } {
  const path = (text.startsWith('/') ? text.slice(1) : text).split('?')[0] ?? '';
  const slash = path.indexOf('/');
  const invalid = () => invalidArgument('Invalid copy source object key', 'x-amz-copy-source', text);
  if (slash <= 0 || slash === path.length - 1) throw invalid();
  try {
    return { bucket: decodeURIComponent(path.slice(0, slash)), key: decodeURIComponent(path.slice(slash + 1)) };
  } catch {
    throw invalid();
  }
}

/** Conditional deletes on an object's modification time or size: S3 has them for directory buckets only. */
const DIRECTORY_BUCKET_CONDITIONS = ['x-amz-if-match-last-modified-time', 'x-amz-if-match-size'];

/** GetObject's and HeadObject's answer for an unchanged object: no body, only what identifies the version. */
const notModified = (object: { eTag: string; lastModified: number }): RestXmlResponse => ({
  status: 304,
  headers: { ETag: object.eTag, 'Last-Modified': httpDate(object.lastModified) },
});

/** `x-amz-metadata-directive` or `x-amz-tagging-directive`: COPY (the default) or REPLACE. */
function replaces(request: RestXmlRequest, name: string): boolean {
  const directive = header(request.headers, name) ?? 'COPY';
  if (directive !== 'COPY' && directive !== 'REPLACE') throw invalidArgument(`Unknown ${name.replace(/^x-amz-/, '').replace('-directive', '')} directive.`, name, directive);
  return directive === 'REPLACE';
}

export function objectRoutes(objects: Objects, owner: CanonicalUser): RestXmlRoute[] {
  return [
    {
      operation: 'CopyObject',
      method: 'PUT',
      target: 'object',
      header: 'x-amz-copy-source',
      input: 'none',
      async handle(request): Promise<RestXmlResponse> {
        const { bucket, key } = target(request);
        const source = copySourceOf(header(request.headers, 'x-amz-copy-source') ?? '');
        checkNoCustomerKey(request.headers, 'x-amz-copy-source-');
        const directives = {
          requested: describedBy(request.headers),
          replaceHeaders: replaces(request, 'x-amz-metadata-directive'),
          encryptionGiven: encryptionGiven(request.headers),
          tags: replaces(request, 'x-amz-tagging-directive') ? (tagsOfHeader(request.headers) ?? []) : undefined,
          acl: aclOfHeaders(request.headers, 'object', owner),
        };
        const conditions = { source: readConditionsOf(request.headers, 'x-amz-copy-source-'), destination: writePreconditionOf(request.headers) };
        const object = await objects.copy(source, bucket, key, directives, conditions, originOf(request));
        return { status: 200, headers: { ...ENCRYPTION_HEADERS }, xml: { root: 'CopyObjectResult', content: { LastModified: isoTime(object.lastModified), ETag: object.eTag } } };
      },
    },
    {
      operation: 'PutObject',
      method: 'PUT',
      target: 'object',
      input: 'stream',
      async handle(request): Promise<RestXmlResponse> {
        const { bucket, key } = target(request);
        const body = request.body;
        if (body === undefined) throw serviceError('IncompleteBody', 400, 'You did not provide the number of bytes specified by the Content-Length HTTP header.');
        const precondition = writePreconditionOf(request.headers);
        const object = await objects.put(bucket, key, body, objectDescriptionOf(request.headers, owner), header(request.headers, 'content-md5'), originOf(request), { precondition });
        return { status: 200, headers: { ETag: object.eTag, ...ENCRYPTION_HEADERS } };
      },
    },
    {
      operation: 'GetObject',
      method: 'GET',
      target: 'object',
      input: 'none',
      async handle(request): Promise<RestXmlResponse> {
        const { bucket, key } = target(request);
        checkNoCustomerKey(request.headers);
        const content = await objects.get(bucket, key, header(request.headers, 'range'), readConditionsOf(request.headers));
        if (content.notModified) return notModified(content.object);
        const { object, range, body } = content;
        const headers = withResponseOverrides(objectHeaders(object), request.query);
        if (range === undefined) return { status: 200, headers, stream: body };
        headers['Content-Length'] = String(range.end - range.start + 1);
        headers['Content-Range'] = `bytes ${range.start}-${range.end}/${object.size}`;
        return { status: 206, headers, stream: body };
      },
    },
    {
      operation: 'HeadObject',
      method: 'HEAD',
      target: 'object',
      input: 'none',
      async handle(request): Promise<RestXmlResponse> {
        const { bucket, key } = target(request);
        checkNoCustomerKey(request.headers);
        const { object, notModified: unchanged } = await objects.headUnless(bucket, key, readConditionsOf(request.headers));
        if (unchanged) return notModified(object);
        return { status: 200, headers: withResponseOverrides(objectHeaders(object), request.query) };
      },
    },
    {
      operation: 'DeleteObject',
      method: 'DELETE',
      target: 'object',
      input: 'none',
      async handle(request): Promise<RestXmlResponse> {
        const { bucket, key } = target(request);
        for (const name of DIRECTORY_BUCKET_CONDITIONS) {
          const value = header(request.headers, name);
          if (value !== undefined) throw notImplemented(`S3 has ${name} for directory buckets only, and Eventide has none: ${name}: ${value} is not implemented.`);
        }
        await objects.delete(bucket, key, originOf(request), header(request.headers, 'if-match'));
        return { status: 204 };
      },
    },
    {
      operation: 'DeleteObjects',
      method: 'POST',
      target: 'bucket',
      query: 'delete',
      input: 'xml',
      root: 'Delete',
      async handle(request): Promise<RestXmlResponse> {
        const entries = objectsOf(request.xml?.Object);
        const keys = entries.map((entry) => textOf(entry.Key));
        if (request.xml === undefined || keys.length === 0 || keys.length > MAX_DELETE_KEYS || keys.some((key) => key === undefined)) {
          throw malformedXml();
        }
        if (entries.some((entry) => entry.LastModifiedTime !== undefined || entry.Size !== undefined)) {
          throw notImplemented('S3 deletes on LastModifiedTime or Size in directory buckets only, and Eventide has none: a DeleteObjects Object with them is not implemented.');
        }
        const quiet = textOf(request.xml.Quiet) === 'true';
        const deletions = entries.map((entry) => ({ key: textOf(entry.Key) ?? '', eTag: textOf(entry.ETag) }));
        const outcomes = await objects.deleteMany(bucketOf(request), deletions, originOf(request));
        const content: XmlObject = {
          Deleted: quiet ? undefined : outcomes.filter((outcome) => outcome.error === undefined).map((outcome) => ({ Key: outcome.key })),
          Error: outcomes.flatMap((outcome) => (outcome.error === undefined ? [] : [{ Key: outcome.key, Code: outcome.error.code, Message: outcome.error.message }])),
        };
        return { status: 200, xml: { root: 'DeleteResult', content } };
      },
    },
  ];
}
