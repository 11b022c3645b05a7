import type { Grant } from '../core/s3/access-control.js';
import type { NotificationConfiguration } from '../core/s3/object-notifications.js';
import type { ObjectProperties } from '../core/s3/object-properties.js';
import type { Tag } from '../core/s3/tag-set.js';

/** S3's metadata: buckets, objects and multipart uploads. Object bytes live in files; records name them by `dataId`. */

export interface BucketRecord {
  name: string;
  region: string;
  /** Epoch milliseconds (wall time). */
  creationTime: number;
  /** Undefined until PutBucketNotificationConfiguration stores one. */
  notificationConfiguration: NotificationConfiguration | undefined;
  /** Undefined until PutBucketTagging stores a non-empty tag set. */
  tags: Tag[] | undefined;
  /** Undefined: the owner's FULL_CONTROL (private). */
  acl: Grant[] | undefined;
}

export interface ObjectRecord {
  bucket: string;
  key: string;
  /** The file holding the bytes. */
  dataId: string;
  size: number;
  /** As S3 answers it, quotes included. */
  eTag: string;
  contentType: string;
  /** `x-amz-meta-*` headers, names lower-case and without the prefix. */
  metadata: Record<string, string>;
  /** Cache-Control, storage class, …: only the members given. */
  properties: ObjectProperties;
  /** Epoch milliseconds (wall time). */
  lastModified: number;
  /** In the order given; empty when untagged. */
  tags: Tag[];
  /** Undefined: the owner's FULL_CONTROL (private). */
  acl: Grant[] | undefined;
}

export interface UploadRecord {
  uploadId: string;
  bucket: string;
  key: string;
  contentType: string;
  metadata: Record<string, string>;
  properties: ObjectProperties;
  /** What the completed object gets. */
  tags: Tag[];
  acl: Grant[] | undefined;
  initiated: number;
}

export interface PartRecord {
  uploadId: string;
  partNumber: number;
  dataId: string;
  size: number;
  eTag: string;
  lastModified: number;
}

export interface ObjectRange {
  bucket: string;
  /** Only keys starting with this. */
  prefix: string;
  /** Only keys after this one (in UTF-8 byte order, S3's order). */
  after: string;
  limit: number;
}

/** Where a write leaves the files of what it replaced or dropped: the caller deletes them. */
export interface Replaced {
  dataIds: string[];
}

/**
 * What a conditional write requires of the key's current object, checked in the write's own transaction: that there
 * is none (`If-None-Match: *`), or that there is one, with this ETag (quotes included) when one is given.
 */
export type ObjectPrecondition = { exists: false } | { exists: true; eTag: string | undefined };

/** A conditional write refused: the object is not as required, or there is none when one was required. */
export type PreconditionOutcome = 'precondition-failed' | 'no-such-key';

/** The bucket subresources whose configuration Eventide stores, one document of each per bucket. */
export type BucketConfigurationKind = 'policy' | 'versioning' | 'cors' | 'encryption' | 'publicAccessBlock';

export interface S3Store {
  /** False when a bucket of that name exists. */
  createBucket(bucket: BucketRecord): Promise<boolean>;
  getBucket(name: string): Promise<BucketRecord | undefined>;
  listBuckets(): Promise<BucketRecord[]>;
  /** Every file the bucket's records name: its objects' and its unfinished uploads' parts. */
  dataIdsOf(bucket: string): Promise<Set<string>>;
  /** Deletes an empty bucket with its unfinished uploads (their part files are returned). */
  deleteBucket(name: string): Promise<'deleted' | 'missing' | 'not-empty' | Replaced>;
  /** False when the bucket does not exist. */
  setNotificationConfiguration(name: string, configuration: NotificationConfiguration): Promise<boolean>;
  /** The stored document (the core decides its form); undefined when never set or deleted. */
  getBucketConfiguration(bucket: string, kind: BucketConfigurationKind): Promise<string | undefined>;
  /** Stores or replaces it; false when the bucket does not exist. Deleting the bucket deletes its configurations. */
  putBucketConfiguration(bucket: string, kind: BucketConfigurationKind, document: string): Promise<boolean>;
  /** Removes it if present (deleting an absent one is no error). */
  deleteBucketConfiguration(bucket: string, kind: BucketConfigurationKind): Promise<void>;
  /** False when the bucket does not exist. Undefined removes the tag set. */
  setBucketTags(name: string, tags: Tag[] | undefined): Promise<boolean>;
  /** False when the bucket does not exist. */
  setBucketAcl(name: string, acl: Grant[]): Promise<boolean>;

  /** Stores or replaces an object if the precondition holds (nothing changes otherwise); undefined when its bucket does not exist. */
  putObject(object: ObjectRecord, precondition?: ObjectPrecondition): Promise<Replaced | PreconditionOutcome | undefined>;
  getObject(bucket: string, key: string): Promise<ObjectRecord | undefined>;
  /** Replaces the object's tag set, leaving its bytes and the rest of its record; the updated record, undefined when there is no such object. */
  setObjectTags(bucket: string, key: string, tags: Tag[]): Promise<ObjectRecord | undefined>;
  /** Replaces the object's ACL likewise. */
  setObjectAcl(bucket: string, key: string, acl: Grant[]): Promise<ObjectRecord | undefined>;
  /** Removes the object if the precondition holds; the removed object's file, none when there was no object. */
  deleteObject(bucket: string, key: string, precondition?: ObjectPrecondition): Promise<Replaced | PreconditionOutcome>;
  /** Objects in key order. */
  listObjects(range: ObjectRange): Promise<ObjectRecord[]>;

  /** False when the bucket does not exist. */
  createUpload(upload: UploadRecord): Promise<boolean>;
  getUpload(uploadId: string): Promise<UploadRecord | undefined>;
  /** Stores or replaces a part; undefined when the upload does not exist (any more). */
  putPart(part: PartRecord): Promise<Replaced | undefined>;
  /** Parts in part-number order. */
  listParts(uploadId: string): Promise<PartRecord[]>;
  /**
   * One transaction: the upload and its parts go, the object is stored; undefined when the upload is gone. When the
   * precondition does not hold nothing changes, the upload stays.
   */
  completeUpload(uploadId: string, object: ObjectRecord, precondition?: ObjectPrecondition): Promise<Replaced | PreconditionOutcome | undefined>;
  /** The upload's part files; undefined when there was no such upload. */
  abortUpload(uploadId: string): Promise<Replaced | undefined>;
}
