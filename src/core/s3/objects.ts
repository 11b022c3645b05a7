import { Readable } from 'node:stream';
import { AwsError, serviceError } from '../../lib/errors.js';
import type { Clock } from '../../lib/clock.js';
import { newRequestId } from '../../lib/ids.js';
import type { ObjectWriter } from '../messaging/delivery-ports.js';
import type { ObjectPrecondition, ObjectRecord, S3Store } from '../../store/s3.js';
import type { Grant } from './access-control.js';
import type { Buckets } from './buckets.js';
import { parseByteRange } from './byte-range.js';
import { md5ETag } from './etags.js';
import type { ByteRange, ObjectData, WrittenData } from './object-data.js';
import type { ObjectEvents, RequestOrigin } from './object-events.js';
import { copiedProperties, isArchived, type ObjectProperties } from './object-properties.js';
import { listObjects, type ListObjectsQuery, type ObjectListing } from './object-listing.js';
import { deletePrecondition, evaluateRead, type ReadConditions, refusedWrite } from './preconditions.js';
import { badDigest, invalidDigest, invalidObjectState, invalidRange, keyTooLong, noSuchKey, preconditionFailed } from './s3-errors.js';
import type { Tag } from './tag-set.js';

/** What describes an object besides its bytes: its headers, its tag set and its ACL. */
export interface ObjectDescription {
  contentType: string;
  metadata: Record<string, string>;
  properties: ObjectProperties;
  tags: Tag[];
  /** Undefined: the owner's FULL_CONTROL. */
  acl: Grant[] | undefined;
}

export type ObjectHeaders = Pick<ObjectDescription, 'contentType' | 'metadata' | 'properties'>;

/** What a copy takes from the request rather than from its source: undefined members are copied (S3's COPY directives); the ACL never is. */
export interface CopyDirectives {
  /** The copy request's headers, whose storage class and website redirect location the copy takes even under COPY. */
  requested: ObjectHeaders;
  /** REPLACE: the copy takes all of `requested`. */
  replaceHeaders: boolean;
  /** The request names an encryption (`x-amz-server-side-encryption`), which lets an object be copied onto itself. */
  encryptionGiven: boolean;
  tags: Tag[] | undefined;
  acl: Grant[] | undefined;
}

/** What a copy requires: of its source (the `x-amz-copy-source-if-*` headers), and of the object it replaces. */
export interface CopyConditions {
  source: ReadConditions;
  destination: ObjectPrecondition | undefined;
}

/** A conditional read's answer: the object, or only its record when unchanged (304 Not Modified). */
export type ObjectContent =
  | {
      notModified: false;
      object: ObjectRecord;
      /** Undefined: the whole object. */
      range: ByteRange | undefined;
      body: Readable;
    }
  | { notModified: true; object: ObjectRecord };

/** A DeleteObjects entry: its key and, if given, the ETag the object must have. */
export interface DeleteEntry {
  key: string;
  eTag: string | undefined;
}

export interface DeleteOutcome {
  key: string;
  error: { code: string; message: string } | undefined;
}

const MAX_KEY_BYTES = 1024;
export const DEFAULT_CONTENT_TYPE = 'binary/octet-stream';

export function checkKey(key: string): void {
  const size = Buffer.byteLength(key);
  if (size > MAX_KEY_BYTES) throw keyTooLong(size);
}

/** `Content-MD5` must be the base64 of 16 bytes; the digest it names. */
export function parseContentMd5(header: string | undefined): Buffer | undefined {
  if (header === undefined) return undefined;
  const digest = Buffer.from(header, 'base64');
  if (digest.length !== 16 || digest.toString('base64') !== header) throw invalidDigest(header);
  return digest;
}

/** Objects of a bucket: their bytes (ObjectData) and records (Store); every change is announced once durable. */
export class Objects implements ObjectWriter {
  constructor(
    private readonly store: S3Store,
    private readonly buckets: Buckets,
    private readonly data: ObjectData,
    private readonly events: ObjectEvents,
    private readonly clock: Clock,
  ) {}

  /** Writes the bytes, checks them against `Content-MD5`, then stores the record: a failed check changes nothing. */
  async writeChecked(bucket: string, body: Readable, contentMd5: Buffer | undefined): Promise<WrittenData> {
    const written = await this.data.write(bucket, [body]);
    if (contentMd5 !== undefined && !contentMd5.equals(written.md5)) {
      await this.data.remove(bucket, [written.dataId]);
      throw badDigest(contentMd5.toString('base64'), written.md5.toString('base64'));
    }
    return written;
  }

  /** PutObject, or a browser's form upload (PostObject) when `eventName` says so; a conditional put changes nothing unless its precondition holds. */
  async put(
    bucketName: string,
    key: string,
    body: Readable,
    description: ObjectDescription,
    contentMd5: string | undefined,
    origin: RequestOrigin,
    { eventName = 'ObjectCreated:Put', precondition }: { eventName?: 'ObjectCreated:Put' | 'ObjectCreated:Post'; precondition?: ObjectPrecondition } = {},
  ): Promise<ObjectRecord> {
    checkKey(key);
    const digest = parseContentMd5(contentMd5);
    const bucket = await this.buckets.require(bucketName);
    const written = await this.writeChecked(bucketName, body, digest);
    const object = await this.record(bucketName, key, written.dataId, written.size, md5ETag(written.md5), description, precondition);
    await this.events.announce(bucket, eventName, object, origin);
    return object;
  }

  /** ObjectWriter: Lambda's failure records go to an S3 destination this way. */
  async putObjectInBucket(bucketArn: string, key: string, body: string): Promise<void> {
    const bucketName = bucketArn.replace(/^arn:aws[a-zA-Z-]*:s3:::/, '');
    const description = { contentType: 'application/json', metadata: {}, properties: {}, tags: [], acl: undefined };
    await this.put(bucketName, key, Readable.from([Buffer.from(body)]), description, undefined, { requestId: newRequestId(), sourceIp: '127.0.0.1' });
  }

  async head(bucketName: string, key: string): Promise<ObjectRecord> {
    await this.buckets.require(bucketName);
    const object = await this.store.getObject(bucketName, key);
    if (object === undefined) throw noSuchKey(key);
    return object;
  }

  /** HeadObject with its conditions: a failed precondition is PreconditionFailed; true when the object is unchanged (304). */
  async headUnless(bucketName: string, key: string, conditions: ReadConditions): Promise<{ object: ObjectRecord; notModified: boolean }> {
    const object = await this.head(bucketName, key);
    const refusal = evaluateRead(conditions, object, this.clock.wallTime());
    if (refusal?.outcome === 'failed') throw preconditionFailed(refusal.condition);
    return { object, notModified: refusal !== undefined };
  }

  /** The conditions are evaluated before the range, as RFC 7233 has it. */
  async get(bucketName: string, key: string, rangeHeader: string | undefined, conditions: ReadConditions): Promise<ObjectContent> {
    const { object, notModified } = await this.headUnless(bucketName, key, conditions);
    if (notModified) return { notModified, object };
    if (isArchived(object.properties)) throw invalidObjectState(object.properties);
    const range = parseByteRange(rangeHeader, object.size);
    if (range === 'unsatisfiable') throw invalidRange(rangeHeader ?? '', object.size);
    return { notModified, object, range, body: this.data.read(bucketName, object.dataId, range) };
  }

  async list(query: ListObjectsQuery): Promise<ObjectListing> {
    await this.buckets.require(query.bucket);
    return listObjects(this.store, query);
  }

  /** Deleting a key that does not exist succeeds, as on S3, unless `ifMatch` (an ETag, or `*`) requires an object. */
  async delete(bucketName: string, key: string, origin: RequestOrigin, ifMatch?: string): Promise<void> {
    const bucket = await this.buckets.require(bucketName);
    const precondition = deletePrecondition(ifMatch);
    const removed = await this.store.deleteObject(bucketName, key, precondition);
    if (typeof removed === 'string') throw refusedWrite(removed, key, precondition);
    await this.data.remove(bucketName, removed.dataIds);
    await this.events.announce(bucket, 'ObjectRemoved:Delete', { key }, origin);
  }

  async deleteMany(bucketName: string, entries: DeleteEntry[], origin: RequestOrigin): Promise<DeleteOutcome[]> {
    await this.buckets.require(bucketName);
    const outcomes: DeleteOutcome[] = [];
    for (const { key, eTag } of entries) {
      try {
        checkKey(key);
        await this.delete(bucketName, key, origin, eTag);
        outcomes.push({ key, error: undefined });
      } catch (error) {
        if (!(error instanceof AwsError)) throw error;
        outcomes.push({ key, error: { code: error.code, message: error.message } });
      }
    }
    return outcomes;
  }

  async copy(
    source: { bucket: string; key: string },
    bucketName: string,
    key: string,
    directives: CopyDirectives,
    conditions: CopyConditions,
    origin: RequestOrigin,
  ): Promise<ObjectRecord> {
    checkKey(key);
    const from = await this.head(source.bucket, source.key);
    // An unchanged source fails a copy too: only GET and HEAD answer 304.
    const refusal = evaluateRead(conditions.source, from, this.clock.wallTime());
    if (refusal !== undefined) throw preconditionFailed(`x-amz-copy-source-${refusal.condition}`);
    if (isArchived(from.properties)) throw invalidObjectState(from.properties);
    const bucket = await this.buckets.require(bucketName);
    const { requested } = directives;
    const changesItself = directives.replaceHeaders || directives.encryptionGiven || requested.properties.storageClass !== undefined || requested.properties.websiteRedirectLocation !== undefined;
    if (source.bucket === bucketName && source.key === key && !changesItself) {
      throw serviceError(
        'InvalidRequest',
        400,
        'This copy request is illegal because it is trying to copy an object to itself without changing the object\'s metadata, storage class, website redirect location or encryption attributes.',
      );
    }
    const written = await this.data.write(bucketName, [() => this.data.read(source.bucket, from.dataId)]);
    const headers = directives.replaceHeaders ? requested : { contentType: from.contentType, metadata: from.metadata, properties: copiedProperties(from.properties, requested.properties) };
    const description = { ...headers, tags: directives.tags ?? from.tags, acl: directives.acl };
    const object = await this.record(bucketName, key, written.dataId, written.size, md5ETag(written.md5), description, conditions.destination);
    await this.events.announce(bucket, 'ObjectCreated:Copy', object, origin);
    return object;
  }

  /** Stores the record of bytes already written; their file goes again if the bucket went meanwhile or the precondition does not hold. */
  private async record(
    bucket: string,
    key: string,
    dataId: string,
    size: number,
    eTag: string,
    description: ObjectDescription,
    precondition: ObjectPrecondition | undefined,
  ): Promise<ObjectRecord> {
    const object: ObjectRecord = { bucket, key, dataId, size, eTag, ...description, lastModified: this.clock.wallTime() };
    const replaced = await this.store.putObject(object, precondition);
    if (typeof replaced === 'string') {
      await this.data.remove(bucket, [dataId]);
      throw refusedWrite(replaced, key, precondition);
    }
    if (replaced === undefined) {
      await this.data.remove(bucket, [dataId]);
      await this.buckets.require(bucket);
    }
    await this.data.remove(bucket, replaced?.dataIds ?? []);
    return object;
  }
}
