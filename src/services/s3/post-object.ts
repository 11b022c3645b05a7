import { Readable } from 'node:stream';
import type { IncomingHttpHeaders } from 'node:http';
import type { CanonicalUser } from '../../core/s3/access-control.js';
import type { Objects } from '../../core/s3/objects.js';
import { notImplemented } from '../../core/s3/s3-errors.js';
import { checkObjectTags } from '../../core/s3/tag-set.js';
import { serviceError } from '../../lib/errors.js';
import type { RestXmlRequest, RestXmlResponse, RestXmlRoute } from '../service.js';
import { ENCRYPTION_HEADERS, objectDescriptionOf } from './object-headers.js';
import { bucketOf, originOf } from './s3-shapes.js';
import { parseTagging } from './tagging-document.js';

/** Largest browser upload read into memory (the form is parsed whole). */
const MAX_FORM_BYTES = 64 * 1024 * 1024;

const invalidArgument = (message: string) => serviceError('InvalidArgument', 400, message);

/** The fields that describe the object, as the headers of PutObject do (`acl` is `x-amz-acl`; `tagging`, a Tagging document). */
const OBJECT_FIELDS = new Set([
  'content-type',
  'cache-control',
  'content-disposition',
  'content-encoding',
  'content-language',
  'expires',
  'x-amz-storage-class',
  'x-amz-website-redirect-location',
  'x-amz-server-side-encryption',
  'x-amz-server-side-encryption-aws-kms-key-id',
  'x-amz-server-side-encryption-context',
  'x-amz-server-side-encryption-bucket-key-enabled',
  'x-amz-server-side-encryption-customer-algorithm',
  'x-amz-server-side-encryption-customer-key',
  'x-amz-server-side-encryption-customer-key-md5',
  'x-amz-object-lock-mode',
  'x-amz-object-lock-retain-until-date',
  'x-amz-object-lock-legal-hold',
]);

/** The form's own fields: where the object goes and what the answer is. */
const FORM_FIELDS = new Set(['key', 'file', 'acl', 'tagging', 'success_action_status', 'success_action_redirect', 'redirect']);

/**
 * The fields that sign the form. Eventide checks no signature on any request, so it checks neither these nor the
 * policy's conditions: they are accepted as they are.
 */
const SIGNATURE_FIELDS = new Set(['policy', 'x-amz-signature', 'x-amz-credential', 'x-amz-algorithm', 'x-amz-date', 'x-amz-security-token', 'awsaccesskeyid', 'signature']);

/**
 * S3 ignores a field it does not know (only a policy, which must name every field, refuses one). A field Eventide does
 * not know that would describe or check the object (`x-amz-*`, `content-*`: checksums, grants, …) is refused instead
 * of ignored; `x-ignore-*` fields and any others are ignored, as on S3.
 */
function checkFieldNames(names: string[]): void {
  for (const name of names) {
    const known = OBJECT_FIELDS.has(name) || FORM_FIELDS.has(name) || SIGNATURE_FIELDS.has(name) || name.startsWith('x-amz-meta-') || name.startsWith('x-ignore-');
    if (!known && (name.startsWith('x-amz-') || name.startsWith('content-'))) throw notImplemented(`Eventide does not implement the form field ${name} of a browser upload (POST).`);
  }
}

async function readAll(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) throw serviceError('EntityTooLarge', 400, 'Your proposed upload exceeds the maximum allowed size');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** `success_action_redirect` (or the older `redirect`): a URL S3 sends the browser to; S3 ignores one that is no URL. */
function redirectOf(fields: IncomingHttpHeaders): URL | undefined {
  const target = fields.success_action_redirect ?? fields.redirect;
  if (typeof target !== 'string') return undefined;
  try {
    return new URL(target);
  } catch {
    return undefined;
  }
}

/**
 * PostObject: a browser's HTML form upload (`multipart/form-data` to the bucket) with the fields `key` (which may
 * name `${filename}`), the object's description (`Content-Type`, `Cache-Control`, …, `x-amz-meta-*`, `acl`, `tagging`,
 * `x-amz-storage-class`, …, as PutObject's headers), `success_action_redirect` or `success_action_status`, and the
 * `file` last. The object is stored as by PutObject, and its event is `ObjectCreated:Post`.
 */
export function postObjectRoute(objects: Objects, owner: CanonicalUser): RestXmlRoute {
  return {
    operation: 'PostObject',
    method: 'POST',
    target: 'bucket',
    input: 'stream',
    async handle(request: RestXmlRequest): Promise<RestXmlResponse> {
      const contentType = request.headers['content-type'] ?? '';
      if (!contentType.toLowerCase().startsWith('multipart/form-data')) {
        throw serviceError('PreconditionFailed', 412, 'Bucket POST must be of the enclosure-type multipart/form-data');
      }
      const form = await new Response(new Uint8Array(await readAll(request.body ?? Readable.from([]))), { headers: { 'content-type': contentType } })
        .formData()
        .catch(() => {
          throw serviceError('MalformedPOSTRequest', 400, 'The body of your POST request is not well-formed multipart/form-data.');
        });
      const file = form.get('file');
      if (file === null || typeof file === 'string') throw invalidArgument('POST requires exactly one file upload per request.');
      const keyField = form.get('key');
      if (typeof keyField !== 'string' || keyField === '') throw invalidArgument("Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.");
      const key = keyField.replaceAll('${filename}', file.name);
      const fields: IncomingHttpHeaders = {};
      for (const [name, value] of form) if (typeof value === 'string') fields[name.toLowerCase()] = value;
      checkFieldNames(Object.keys(fields));
      const described = objectDescriptionOf({ ...fields, 'x-amz-acl': fields.acl }, owner);
      const tags = typeof fields.tagging === 'string' ? parseTagging(request.parseXml(fields.tagging, 'Tagging')) : [];
      checkObjectTags(tags);
      const bucket = bucketOf(request);
      const body = Readable.from([Buffer.from(await file.arrayBuffer())]);
      const object = await objects.put(bucket, key, body, { ...described, tags }, undefined, originOf(request), { eventName: 'ObjectCreated:Post' });
      const location = `/${bucket}/${encodeURIComponent(key)}`;
      const headers = { ETag: object.eTag, Location: location, ...ENCRYPTION_HEADERS };
      const redirect = redirectOf(fields);
      if (redirect !== undefined) {
        for (const [name, value] of [['bucket', bucket], ['key', key], ['etag', object.eTag]] as const) redirect.searchParams.append(name, value);
        return { status: 303, headers: { ...headers, Location: redirect.toString() } };
      }
      const status = fields.success_action_status === '200' || fields.success_action_status === '201' ? Number(fields.success_action_status) : 204;
      if (status !== 201) return { status, headers };
      return { status, headers, xml: { root: 'PostResponse', content: { Location: location, Bucket: bucket, Key: key, ETag: object.eTag } } };
    },
  };
}
