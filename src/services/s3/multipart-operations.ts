import type { CompletedPart, MultipartUploads } from '../../core/s3/multipart-uploads.js';
import { invalidArgument, malformedXml } from '../../core/s3/s3-errors.js';
import { serviceError } from '../../lib/errors.js';
import type { RestXmlRequest, RestXmlResponse, RestXmlRoute, XmlObject } from '../service.js';
import type { CanonicalUser } from '../../core/s3/access-control.js';
import { bucketOf, header, isoTime, keyOf, objectsOf, originOf, ownerXml, textOf } from './s3-shapes.js';
import { checkNoCustomerKey, ENCRYPTION_HEADERS, objectDescriptionOf } from './object-headers.js';
import { writePreconditionOf } from './conditional-headers.js';

const target = (request: RestXmlRequest) => ({ bucket: bucketOf(request), key: keyOf(request), uploadId: request.query.get('uploadId') ?? '' });

const MAX_PARTS = 1000;

function completedParts(xml: XmlObject | undefined): CompletedPart[] {
  if (xml === undefined) throw malformedXml();
  return objectsOf(xml.Part).map((part) => {
    const number = textOf(part.PartNumber);
    const eTag = textOf(part.ETag);
    if (number === undefined || eTag === undefined || !/^\d+$/.test(number)) throw malformedXml();
    return { partNumber: Number(number), eTag };
  });
}

export function multipartRoutes(uploads: MultipartUploads, owner: CanonicalUser): RestXmlRoute[] {
  return [
    {
      operation: 'CreateMultipartUpload',
      method: 'POST',
      target: 'object',
      query: 'uploads',
      input: 'none',
      async handle(request): Promise<RestXmlResponse> {
        const { bucket, key } = target(request);
        const upload = await uploads.create(bucket, key, objectDescriptionOf(request.headers, owner));
        return { status: 200, headers: { ...ENCRYPTION_HEADERS }, xml: { root: 'InitiateMultipartUploadResult', content: { Bucket: bucket, Key: key, UploadId: upload.uploadId } } };
      },
    },
    {
      operation: 'UploadPart',
      method: 'PUT',
      target: 'object',
      query: 'uploadId',
      input: 'stream',
      async handle(request): Promise<RestXmlResponse> {
        const { bucket, key, uploadId } = target(request);
        if (request.body === undefined) throw serviceError('IncompleteBody', 400, 'You did not provide the number of bytes specified by the Content-Length HTTP header.');
        checkNoCustomerKey(request.headers);
        const partNumber = request.query.get('partNumber') ?? '';
        const part = await uploads.uploadPart(bucket, key, uploadId, partNumber, request.body, header(request.headers, 'content-md5'));
        return { status: 200, headers: { ETag: part.eTag, ...ENCRYPTION_HEADERS } };
      },
    },
    {
      operation: 'CompleteMultipartUpload',
      method: 'POST',
      target: 'object',
      query: 'uploadId',
      input: 'xml',
      root: 'CompleteMultipartUpload',
      async handle(request): Promise<RestXmlResponse> {
        const { bucket, key, uploadId } = target(request);
        const precondition = writePreconditionOf(request.headers);
        const object = await uploads.complete(bucket, key, uploadId, completedParts(request.xml), precondition, originOf(request));
        const location = `/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
        return { status: 200, headers: { ...ENCRYPTION_HEADERS }, xml: { root: 'CompleteMultipartUploadResult', content: { Location: location, Bucket: bucket, Key: key, ETag: object.eTag } } };
      },
    },
    {
      operation: 'AbortMultipartUpload',
      method: 'DELETE',
      target: 'object',
      query: 'uploadId',
      input: 'none',
      async handle(request): Promise<RestXmlResponse> {
        const { bucket, key, uploadId } = target(request);
        await uploads.abort(bucket, key, uploadId);
        return { status: 204 };
      },
    },
    {
      operation: 'ListParts',
      method: 'GET',
      target: 'object',
      query: 'uploadId',
      input: 'none',
      async handle(request): Promise<RestXmlResponse> {
        const { bucket, key, uploadId } = target(request);
        const markerText = request.query.get('part-number-marker') ?? '0';
        const maxText = request.query.get('max-parts') ?? String(MAX_PARTS);
        if (!/^\d+$/.test(markerText)) throw invalidArgument('Provided part-number-marker not an integer or within integer range', 'part-number-marker', markerText);
        if (!/^\d+$/.test(maxText)) throw invalidArgument('Provided max-parts not an integer or within integer range', 'max-parts', maxText);
        const maxParts = Math.min(Number(maxText), MAX_PARTS);
        const { upload, parts } = await uploads.listParts(bucket, key, uploadId);
        const after = parts.filter((part) => part.partNumber > Number(markerText));
        const page = after.slice(0, maxParts);
        const ownerElement = ownerXml(owner);
        const content: XmlObject = {
          Bucket: bucket,
          Key: key,
          UploadId: uploadId,
          PartNumberMarker: Number(markerText),
          NextPartNumberMarker: page.at(-1)?.partNumber ?? 0,
          MaxParts: maxParts,
          IsTruncated: after.length > page.length,
          Part: page.map((part) => ({ PartNumber: part.partNumber, LastModified: isoTime(part.lastModified), ETag: part.eTag, Size: part.size })),
          Initiator: ownerElement,
          Owner: ownerElement,
          StorageClass: upload.properties.storageClass ?? 'STANDARD',
        };
        return { status: 200, xml: { root: 'ListPartsResult', content } };
      },
    },
  ];
}
