import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { serviceError } from '../../lib/errors.js';
import type { Clock } from '../../lib/clock.js';
import type { ObjectPrecondition, ObjectRecord, PartRecord, S3Store, UploadRecord } from '../../store/s3.js';
import type { Buckets } from './buckets.js';
import { md5ETag, md5OfETag, multipartETag } from './etags.js';
import type { ObjectData } from './object-data.js';
import type { ObjectEvents, RequestOrigin } from './object-events.js';
import { checkKey, type ObjectDescription, type Objects, parseContentMd5 } from './objects.js';
import { refusedWrite } from './preconditions.js';
import { entityTooSmall, invalidArgument, invalidPart, invalidPartOrder, noSuchUpload } from './s3-errors.js';

/** Every part but the last must be at least this large. */
const MIN_PART_SIZE = 5 * 1024 * 1024;
const MAX_PART_NUMBER = 10_000;

export interface CompletedPart {
  partNumber: number;
  eTag: string;
}

/** Multipart uploads: parts are files of their own until completion joins them into the object's one file. */
export class MultipartUploads {
  constructor(
    private readonly store: S3Store,
    private readonly buckets: Buckets,
    private readonly objects: Objects,
    private readonly data: ObjectData,
    private readonly events: ObjectEvents,
    private readonly clock: Clock,
  ) {}

  async create(bucket: string, key: string, description: ObjectDescription): Promise<UploadRecord> {
    checkKey(key);
    await this.buckets.require(bucket);
    const upload: UploadRecord = { uploadId: randomBytes(48).toString('base64url'), bucket, key, ...description, initiated: this.clock.wallTime() };
    if (!(await this.store.createUpload(upload))) await this.buckets.require(bucket);
    return upload;
  }

  async uploadPart(bucket: string, key: string, uploadId: string, partNumberText: string, body: Readable, contentMd5: string | undefined): Promise<PartRecord> {
    const partNumber = Number(partNumberText);
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PART_NUMBER) {
      throw invalidArgument('Part number must be an integer between 1 and 10000, inclusive', 'partNumber', partNumberText);
    }
    const digest = parseContentMd5(contentMd5);
    await this.require(bucket, key, uploadId);
    const written = await this.objects.writeChecked(bucket, body, digest);
    const part: PartRecord = { uploadId, partNumber, dataId: written.dataId, size: written.size, eTag: md5ETag(written.md5), lastModified: this.clock.wallTime() };
    const replaced = await this.store.putPart(part);
    await this.data.remove(bucket, replaced?.dataIds ?? [written.dataId]);
    if (replaced === undefined) throw noSuchUpload(uploadId);
    return part;
  }

  async listParts(bucket: string, key: string, uploadId: string): Promise<{ upload: UploadRecord; parts: PartRecord[] }> {
    const upload = await this.require(bucket, key, uploadId);
    return { upload, parts: await this.store.listParts(uploadId) };
  }

  /**
   * Joins the named parts, in order, into the object; the upload and its parts are gone afterwards. When the
   * precondition does not hold, the upload stays as it was.
   */
  async complete(
    bucketName: string,
    key: string,
    uploadId: string,
    requested: CompletedPart[],
    precondition: ObjectPrecondition | undefined,
    origin: RequestOrigin,
  ): Promise<ObjectRecord> {
    const bucket = await this.buckets.require(bucketName);
    const upload = await this.require(bucketName, key, uploadId);
    if (requested.length === 0) throw serviceError('InvalidRequest', 400, 'You must specify at least one part');
    const stored = new Map((await this.store.listParts(uploadId)).map((part) => [part.partNumber, part]));
    const parts: PartRecord[] = [];
    for (const [index, wanted] of requested.entries()) {
      if (index > 0 && wanted.partNumber <= (requested[index - 1]?.partNumber ?? 0)) throw invalidPartOrder(uploadId);
      const part = stored.get(wanted.partNumber);
      if (part === undefined || md5OfETag(wanted.eTag)?.equals(md5OfETag(part.eTag) ?? Buffer.alloc(0)) !== true) {
        throw invalidPart(uploadId, wanted.partNumber, wanted.eTag);
      }
      parts.push(part);
    }
    for (const part of parts.slice(0, -1)) if (part.size < MIN_PART_SIZE) throw entityTooSmall(part.size, MIN_PART_SIZE);
    const written = await this.data.write(bucketName, parts.map((part) => () => this.data.read(bucketName, part.dataId)));
    const eTag = multipartETag(parts.map((part) => md5OfETag(part.eTag) ?? Buffer.alloc(16)));
    const object: ObjectRecord = {
      bucket: bucketName,
      key,
      dataId: written.dataId,
      size: written.size,
      eTag,
      contentType: upload.contentType,
      metadata: upload.metadata,
      properties: upload.properties,
      tags: upload.tags,
      acl: upload.acl,
      lastModified: this.clock.wallTime(),
    };
    const replaced = await this.store.completeUpload(uploadId, object, precondition);
    await this.data.remove(bucketName, typeof replaced === 'object' ? replaced.dataIds : [written.dataId]);
    if (replaced === undefined) throw noSuchUpload(uploadId);
    if (typeof replaced === 'string') throw refusedWrite(replaced, key, precondition);
    await this.events.announce(bucket, 'ObjectCreated:CompleteMultipartUpload', object, origin);
    return object;
  }

  async abort(bucket: string, key: string, uploadId: string): Promise<void> {
    await this.require(bucket, key, uploadId);
    const dropped = await this.store.abortUpload(uploadId);
    if (dropped === undefined) throw noSuchUpload(uploadId);
    await this.data.remove(bucket, dropped.dataIds);
  }

  private async require(bucket: string, key: string, uploadId: string): Promise<UploadRecord> {
    await this.buckets.require(bucket);
    const upload = await this.store.getUpload(uploadId);
    if (upload === undefined || upload.bucket !== bucket || upload.key !== key) throw noSuchUpload(uploadId);
    return upload;
  }
}
