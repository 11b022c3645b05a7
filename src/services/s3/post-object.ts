import { Readable } from 'node:stream';
import type { IncomingHttpHeaders } from 'node:http';
import type { Objects } from '../../core/s3/objects.js';
import { serviceError } from '../../lib/errors.js';
import type { RestXmlRequest, RestXmlResponse, RestXmlRoute } from '../service.js';
import { describedBy } from './s3-shapes.js';

/** Largest browser upload read into memory (the form is parsed whole). */
const MAX_FORM_BYTES = 64 * 1024 * 1024;

const invalidArgument = (message: string) => serviceError('InvalidArgument', 400, message);

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

/**
 * PostObject: a browser's HTML form upload (`multipart/form-data` to the bucket) with the fields `key` (which may
 * name `${filename}`), `Content-Type`, `x-amz-meta-*`, `success_action_status` and the `file` last. The object is
 * stored as by PutObject, and its event is `ObjectCreated:Post`. (Eventide does not check the form's policy
 * signature, as it checks no signature.)
 */
export function postObjectRoute(objects: Objects): RestXmlRoute {
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
      const bucket = request.bucket ?? '';
      const object = await objects.put(bucket, key, Readable.from([Buffer.from(await file.arrayBuffer())]), { ...describedBy(fields), tags: [], acl: undefined }, undefined, { requestId: request.requestId, sourceIp: request.sourceIp }, 'ObjectCreated:Post');
      const status = fields.success_action_status === '200' || fields.success_action_status === '201' ? Number(fields.success_action_status) : 204;
      const location = `/${bucket}/${encodeURIComponent(key)}`;
      if (status !== 201) return { status, headers: { ETag: object.eTag, Location: location } };
      return { status, headers: { ETag: object.eTag, Location: location }, xml: { root: 'PostResponse', content: { Location: location, Bucket: bucket, Key: key, ETag: object.eTag } } };
    },
  };
}
