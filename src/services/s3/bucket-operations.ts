import type { Buckets } from '../../core/s3/buckets.js';
import type { Objects } from '../../core/s3/objects.js';
import type { ObjectListing } from '../../core/s3/object-listing.js';
import { invalidArgument, notImplemented } from '../../core/s3/s3-errors.js';
import type { RestXmlRequest, RestXmlResponse, RestXmlRoute, XmlObject } from '../service.js';
import type { CanonicalUser } from '../../core/s3/access-control.js';
import { aclOfHeaders } from './access-control-policy.js';
import { bucketOf, header, isoTime, ownerXml, textOf } from './s3-shapes.js';

export interface BucketOperationsDeps {
  buckets: Buckets;
  objects: Objects;
  owner: CanonicalUser;
}

const MAX_KEYS = 1000;

function maxKeysOf(query: URLSearchParams): number {
  const text = query.get('max-keys');
  if (text === null) return MAX_KEYS;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value)) throw invalidArgument('Provided max-keys not an integer or within integer range', 'max-keys', text);
  return Math.min(value, MAX_KEYS);
}

/** `encoding-type=url`: keys and prefixes in the answer are URL-encoded, so any byte survives XML. */
function encoderOf(query: URLSearchParams): (text: string) => string {
  const type = query.get('encoding-type');
  if (type === null) return (text) => text;
  if (type !== 'url') throw invalidArgument('Invalid Encoding Method specified in Request', 'encoding-type', type);
  return (text) => encodeURIComponent(text).replace(/%2F/g, '/');
}

function listingContent(listing: ObjectListing, encode: (text: string) => string): XmlObject {
  return {
    Contents: listing.contents.map((object) => ({
      Key: encode(object.key),
      LastModified: isoTime(object.lastModified),
      ETag: object.eTag,
      Size: object.size,
      StorageClass: object.properties.storageClass ?? 'STANDARD',
    })),
    CommonPrefixes: listing.commonPrefixes.map((prefix) => ({ Prefix: encode(prefix) })),
  };
}

export function bucketRoutes({ buckets, objects, owner }: BucketOperationsDeps): RestXmlRoute[] {
  const listQuery = (request: RestXmlRequest, startAfter: string | undefined, continuationToken: string | undefined) => ({
    bucket: bucketOf(request),
    prefix: request.query.get('prefix') ?? '',
    delimiter: request.query.get('delimiter') ?? undefined,
    maxKeys: maxKeysOf(request.query),
    startAfter,
    continuationToken,
  });

  return [
    {
      operation: 'ListBuckets',
      method: 'GET',
      target: 'service',
      input: 'none',
      async handle(): Promise<RestXmlResponse> {
        const all = await buckets.list();
        const content: XmlObject = {
          Owner: ownerXml(owner),
          Buckets: { Bucket: all.map((bucket) => ({ Name: bucket.name, CreationDate: isoTime(bucket.creationTime), BucketRegion: bucket.region })) },
        };
        return { status: 200, xml: { root: 'ListAllMyBucketsResult', content } };
      },
    },
    {
      operation: 'CreateBucket',
      method: 'PUT',
      target: 'bucket',
      input: 'xml',
      root: 'CreateBucketConfiguration',
      async handle(request): Promise<RestXmlResponse> {
        // A bucket made without the Object Lock it asked for would keep nothing from deletion: refused, not created.
        if (header(request.headers, 'x-amz-bucket-object-lock-enabled')?.toLowerCase() === 'true') {
          throw notImplemented('Eventide does not implement S3 Object Lock: create the bucket without x-amz-bucket-object-lock-enabled (the AWS CLI\'s --object-lock-enabled-for-bucket).');
        }
        // Ownership controls and directory buckets are not built; a bucket made without them would not be what was asked.
        if (header(request.headers, 'x-amz-object-ownership') !== undefined) {
          throw notImplemented('Eventide does not implement S3 Object Ownership: create the bucket without x-amz-object-ownership (the AWS CLI\'s --object-ownership); its ACLs are enabled.');
        }
        const namespace = header(request.headers, 'x-amz-bucket-namespace');
        if (namespace !== undefined && namespace !== 'global') throw notImplemented(`Eventide does not implement the ${namespace} bucket namespace: buckets are global.`);
        const unserved = Object.keys(request.xml ?? {}).filter((member) => member !== 'LocationConstraint');
        if (unserved.length > 0) {
          throw notImplemented(`Eventide does not implement CreateBucketConfiguration ${unserved.join(', ')} (directory buckets, tags at creation: use PutBucketTagging).`);
        }
        const location = textOf(request.xml?.LocationConstraint);
        const bucket = await buckets.create(bucketOf(request), location === '' ? undefined : location, aclOfHeaders(request.headers, 'bucket', owner));
        return { status: 200, headers: { Location: `/${bucket.name}` } };
      },
    },
    {
      operation: 'HeadBucket',
      method: 'HEAD',
      target: 'bucket',
      input: 'none',
      async handle(request): Promise<RestXmlResponse> {
        const bucket = await buckets.require(bucketOf(request));
        return { status: 200, headers: { 'x-amz-bucket-region': bucket.region } };
      },
    },
    {
      operation: 'DeleteBucket',
      method: 'DELETE',
      target: 'bucket',
      input: 'none',
      async handle(request): Promise<RestXmlResponse> {
        await buckets.delete(bucketOf(request));
        return { status: 204 };
      },
    },
    {
      operation: 'ListObjectsV2',
      method: 'GET',
      target: 'bucket',
      query: 'list-type',
      input: 'none',
      async handle(request): Promise<RestXmlResponse> {
        const { query } = request;
        const encode = encoderOf(query);
        const list = listQuery(request, query.get('start-after') ?? undefined, query.get('continuation-token') ?? undefined);
        const listing = await objects.list(list);
        const content: XmlObject = {
          Name: list.bucket,
          Prefix: encode(list.prefix),
          Delimiter: list.delimiter === undefined ? undefined : encode(list.delimiter),
          MaxKeys: list.maxKeys,
          KeyCount: listing.keyCount,
          IsTruncated: listing.isTruncated,
          EncodingType: query.get('encoding-type') ?? undefined,
          ContinuationToken: list.continuationToken,
          NextContinuationToken: listing.nextContinuationToken,
          StartAfter: list.startAfter === undefined ? undefined : encode(list.startAfter),
          ...listingContent(listing, encode),
        };
        return { status: 200, xml: { root: 'ListBucketResult', content } };
      },
    },
    {
      operation: 'ListObjects',
      method: 'GET',
      target: 'bucket',
      input: 'none',
      async handle(request): Promise<RestXmlResponse> {
        const { query } = request;
        const encode = encoderOf(query);
        const marker = query.get('marker') ?? '';
        const list = listQuery(request, marker, undefined);
        const listing = await objects.list(list);
        const content: XmlObject = {
          Name: list.bucket,
          Prefix: encode(list.prefix),
          Marker: encode(marker),
          NextMarker: list.delimiter !== undefined && listing.nextMarker !== undefined ? encode(listing.nextMarker) : undefined,
          Delimiter: list.delimiter === undefined ? undefined : encode(list.delimiter),
          MaxKeys: list.maxKeys,
          IsTruncated: listing.isTruncated,
          EncodingType: query.get('encoding-type') ?? undefined,
          ...listingContent(listing, encode),
        };
        return { status: 200, xml: { root: 'ListBucketResult', content } };
      },
    },
  ];
}
