import type Database from 'better-sqlite3';
import type { Grant } from '../../core/s3/access-control.js';
import type { NotificationConfiguration } from '../../core/s3/object-notifications.js';
import type { ObjectProperties } from '../../core/s3/object-properties.js';
import type { Tag } from '../../core/s3/tag-set.js';
import type {
  BucketConfigurationKind,
  BucketRecord,
  ObjectPrecondition,
  ObjectRange,
  ObjectRecord,
  PartRecord,
  PreconditionOutcome,
  Replaced,
  S3Store,
  UploadRecord,
} from '../s3.js';

interface BucketRow {
  name: string;
  region: string;
  creation_time: number;
  notification_configuration: string | null;
  tags: string | null;
  acl: string | null;
}

interface ObjectRow {
  bucket: string;
  key: string;
  data_id: string;
  size: number;
  etag: string;
  content_type: string;
  metadata: string;
  properties: string;
  last_modified: number;
  tags: string;
  acl: string | null;
}

interface UploadRow {
  upload_id: string;
  bucket: string;
  key: string;
  content_type: string;
  metadata: string;
  properties: string;
  tags: string;
  acl: string | null;
  initiated: number;
}

interface PartRow {
  upload_id: string;
  part_number: number;
  data_id: string;
  size: number;
  etag: string;
  last_modified: number;
}

const aclOf = (text: string | null): Grant[] | undefined => (text === null ? undefined : (JSON.parse(text) as Grant[]));
const aclText = (acl: Grant[] | undefined): string | null => (acl === undefined ? null : JSON.stringify(acl));

const toBucket = (row: BucketRow): BucketRecord => ({
  name: row.name,
  region: row.region,
  creationTime: row.creation_time,
  notificationConfiguration: row.notification_configuration === null ? undefined : (JSON.parse(row.notification_configuration) as NotificationConfiguration),
  tags: row.tags === null ? undefined : (JSON.parse(row.tags) as Tag[]),
  acl: aclOf(row.acl),
});

const toObject = (row: ObjectRow): ObjectRecord => ({
  bucket: row.bucket,
  key: row.key,
  dataId: row.data_id,
  size: row.size,
  eTag: row.etag,
  contentType: row.content_type,
  metadata: JSON.parse(row.metadata) as Record<string, string>,
  properties: JSON.parse(row.properties) as ObjectProperties,
  lastModified: row.last_modified,
  tags: JSON.parse(row.tags) as Tag[],
  acl: aclOf(row.acl),
});

const toUpload = (row: UploadRow): UploadRecord => ({
  uploadId: row.upload_id,
  bucket: row.bucket,
  key: row.key,
  contentType: row.content_type,
  metadata: JSON.parse(row.metadata) as Record<string, string>,
  properties: JSON.parse(row.properties) as ObjectProperties,
  tags: JSON.parse(row.tags) as Tag[],
  acl: aclOf(row.acl),
  initiated: row.initiated,
});

const toPart = (row: PartRow): PartRecord => ({
  uploadId: row.upload_id,
  partNumber: row.part_number,
  dataId: row.data_id,
  size: row.size,
  eTag: row.etag,
  lastModified: row.last_modified,
});

const objectValues = (object: ObjectRecord) => ({
  bucket: object.bucket,
  key: object.key,
  dataId: object.dataId,
  size: object.size,
  eTag: object.eTag,
  contentType: object.contentType,
  metadata: JSON.stringify(object.metadata),
  properties: JSON.stringify(object.properties),
  lastModified: object.lastModified,
  tags: JSON.stringify(object.tags),
  acl: aclText(object.acl),
});

/** What keeps a conditional write from happening, given the ETag of the key's current object (undefined: none). */
function unmet(precondition: ObjectPrecondition | undefined, current: string | undefined): PreconditionOutcome | undefined {
  if (precondition === undefined) return undefined;
  if (!precondition.exists) return current === undefined ? undefined : 'precondition-failed';
  if (current === undefined) return 'no-such-key';
  return precondition.eTag === undefined || precondition.eTag === current ? undefined : 'precondition-failed';
}

/** S3 metadata in SQLite. Writes that replace or drop object files return those files' ids in the same transaction. */
export class SqliteS3 implements S3Store {
  private readonly db: Database.Database;
  private readonly upsertObject: (object: ObjectRecord, precondition?: ObjectPrecondition) => Replaced | PreconditionOutcome | undefined;
  private readonly removeObject: (bucket: string, key: string, precondition?: ObjectPrecondition) => Replaced | PreconditionOutcome;
  private readonly removeBucket: (name: string) => 'deleted' | 'missing' | 'not-empty' | Replaced;
  private readonly upsertPart: (part: PartRecord) => Replaced | undefined;
  private readonly complete: (uploadId: string, object: ObjectRecord, precondition?: ObjectPrecondition) => Replaced | PreconditionOutcome | undefined;
  private readonly abort: (uploadId: string) => Replaced | undefined;

  constructor(db: Database.Database) {
    this.db = db;
    const bucketExists = db.prepare('SELECT 1 FROM s3_buckets WHERE name = ?').pluck();
    // The key's current object, read once per write: its file (replaced by the write) and its ETag (preconditions).
    const currentObject = db.prepare('SELECT data_id AS dataId, etag AS eTag FROM s3_objects WHERE bucket = ? AND key = ?');
    const current = (bucket: string, key: string) => currentObject.get(bucket, key) as { dataId: string; eTag: string } | undefined;
    const deleteObject = db.prepare('DELETE FROM s3_objects WHERE bucket = ? AND key = ? RETURNING data_id').pluck();
    const insertObject = db.prepare(
      `INSERT INTO s3_objects (bucket, key, data_id, size, etag, content_type, metadata, properties, last_modified, tags, acl)
       VALUES (@bucket, @key, @dataId, @size, @eTag, @contentType, @metadata, @properties, @lastModified, @tags, @acl)
       ON CONFLICT (bucket, key) DO UPDATE SET data_id = excluded.data_id, size = excluded.size, etag = excluded.etag,
         content_type = excluded.content_type, metadata = excluded.metadata, properties = excluded.properties, last_modified = excluded.last_modified,
         tags = excluded.tags, acl = excluded.acl`,
    );
    const partData = db.prepare('SELECT data_id FROM s3_parts WHERE upload_id = ?').pluck();
    const deleteUpload = db.prepare('DELETE FROM s3_uploads WHERE upload_id = ?');
    const uploadBucket = db.prepare('SELECT bucket FROM s3_uploads WHERE upload_id = ?').pluck();

    this.upsertObject = db.transaction((object: ObjectRecord, precondition?: ObjectPrecondition) => {
      if (bucketExists.get(object.bucket) === undefined) return undefined;
      const previous = current(object.bucket, object.key);
      const refused = unmet(precondition, previous?.eTag);
      if (refused !== undefined) return refused;
      insertObject.run(objectValues(object));
      return { dataIds: previous === undefined ? [] : [previous.dataId] };
    });
    this.removeBucket = db.transaction((name: string) => {
      if (bucketExists.get(name) === undefined) return 'missing' as const;
      if (db.prepare('SELECT 1 FROM s3_objects WHERE bucket = ? LIMIT 1').get(name) !== undefined) return 'not-empty' as const;
      const dataIds = db.prepare('SELECT p.data_id FROM s3_parts p JOIN s3_uploads u USING (upload_id) WHERE u.bucket = ?').pluck().all(name) as string[];
      db.prepare('DELETE FROM s3_buckets WHERE name = ?').run(name);
      return dataIds.length === 0 ? ('deleted' as const) : { dataIds };
    });
    this.upsertPart = db.transaction((part: PartRecord) => {
      if (uploadBucket.get(part.uploadId) === undefined) return undefined;
      const previous = db.prepare('SELECT data_id FROM s3_parts WHERE upload_id = ? AND part_number = ?').pluck().get(part.uploadId, part.partNumber) as
        | string
        | undefined;
      db.prepare(
        `INSERT INTO s3_parts (upload_id, part_number, data_id, size, etag, last_modified)
         VALUES (@uploadId, @partNumber, @dataId, @size, @eTag, @lastModified)
         ON CONFLICT (upload_id, part_number) DO UPDATE SET data_id = excluded.data_id, size = excluded.size, etag = excluded.etag,
           last_modified = excluded.last_modified`,
      ).run(part);
      return { dataIds: previous === undefined ? [] : [previous] };
    });
    this.removeObject = db.transaction((bucket: string, key: string, precondition?: ObjectPrecondition) => {
      const refused = unmet(precondition, current(bucket, key)?.eTag);
      if (refused !== undefined) return refused;
      const dataId = deleteObject.get(bucket, key) as string | undefined;
      return { dataIds: dataId === undefined ? [] : [dataId] };
    });
    this.complete = db.transaction((uploadId: string, object: ObjectRecord, precondition?: ObjectPrecondition) => {
      if (uploadBucket.get(uploadId) === undefined) return undefined;
      const refused = unmet(precondition, current(object.bucket, object.key)?.eTag);
      if (refused !== undefined) return refused;
      const parts = partData.all(uploadId) as string[];
      deleteUpload.run(uploadId);
      const replaced = this.upsertObject(object);
      return { dataIds: [...parts, ...(typeof replaced === 'object' ? replaced.dataIds : [])] };
    });
    this.abort = db.transaction((uploadId: string) => {
      if (uploadBucket.get(uploadId) === undefined) return undefined;
      const dataIds = partData.all(uploadId) as string[];
      deleteUpload.run(uploadId);
      return { dataIds };
    });
  }

  async createBucket(bucket: BucketRecord): Promise<boolean> {
    const result = this.db
      .prepare('INSERT INTO s3_buckets (name, region, creation_time, notification_configuration, tags, acl) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING')
      .run(
        bucket.name,
        bucket.region,
        bucket.creationTime,
        bucket.notificationConfiguration === undefined ? null : JSON.stringify(bucket.notificationConfiguration),
        bucket.tags === undefined ? null : JSON.stringify(bucket.tags),
        aclText(bucket.acl),
      );
    return result.changes === 1;
  }

  async getBucket(name: string): Promise<BucketRecord | undefined> {
    const row = this.db.prepare('SELECT * FROM s3_buckets WHERE name = ?').get(name) as BucketRow | undefined;
    return row === undefined ? undefined : toBucket(row);
  }

  async listBuckets(): Promise<BucketRecord[]> {
    return (this.db.prepare('SELECT * FROM s3_buckets ORDER BY name').all() as BucketRow[]).map(toBucket);
  }

  async dataIdsOf(bucket: string): Promise<Set<string>> {
    const ids = this.db
      .prepare('SELECT data_id FROM s3_objects WHERE bucket = ? UNION SELECT p.data_id FROM s3_parts p JOIN s3_uploads u USING (upload_id) WHERE u.bucket = ?')
      .pluck()
      .all(bucket, bucket) as string[];
    return new Set(ids);
  }

  async deleteBucket(name: string): Promise<'deleted' | 'missing' | 'not-empty' | Replaced> {
    return this.removeBucket(name);
  }

  async setNotificationConfiguration(name: string, configuration: NotificationConfiguration): Promise<boolean> {
    return this.db.prepare('UPDATE s3_buckets SET notification_configuration = ? WHERE name = ?').run(JSON.stringify(configuration), name).changes === 1;
  }

  async getBucketConfiguration(bucket: string, kind: BucketConfigurationKind): Promise<string | undefined> {
    return this.db.prepare('SELECT document FROM s3_bucket_configurations WHERE bucket = ? AND kind = ?').pluck().get(bucket, kind) as string | undefined;
  }

  async putBucketConfiguration(bucket: string, kind: BucketConfigurationKind, document: string): Promise<boolean> {
    const result = this.db
      .prepare(
        `INSERT INTO s3_bucket_configurations (bucket, kind, document) SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM s3_buckets WHERE name = ?)
         ON CONFLICT (bucket, kind) DO UPDATE SET document = excluded.document`,
      )
      .run(bucket, kind, document, bucket);
    return result.changes === 1;
  }

  async deleteBucketConfiguration(bucket: string, kind: BucketConfigurationKind): Promise<void> {
    this.db.prepare('DELETE FROM s3_bucket_configurations WHERE bucket = ? AND kind = ?').run(bucket, kind);
  }

  async setBucketTags(name: string, tags: Tag[] | undefined): Promise<boolean> {
    return this.db.prepare('UPDATE s3_buckets SET tags = ? WHERE name = ?').run(tags === undefined ? null : JSON.stringify(tags), name).changes === 1;
  }

  async setBucketAcl(name: string, acl: Grant[]): Promise<boolean> {
    return this.db.prepare('UPDATE s3_buckets SET acl = ? WHERE name = ?').run(JSON.stringify(acl), name).changes === 1;
  }

  async setObjectTags(bucket: string, key: string, tags: Tag[]): Promise<ObjectRecord | undefined> {
    const row = this.db.prepare('UPDATE s3_objects SET tags = ? WHERE bucket = ? AND key = ? RETURNING *').get(JSON.stringify(tags), bucket, key) as ObjectRow | undefined;
    return row === undefined ? undefined : toObject(row);
  }

  async setObjectAcl(bucket: string, key: string, acl: Grant[]): Promise<ObjectRecord | undefined> {
    const row = this.db.prepare('UPDATE s3_objects SET acl = ? WHERE bucket = ? AND key = ? RETURNING *').get(JSON.stringify(acl), bucket, key) as ObjectRow | undefined;
    return row === undefined ? undefined : toObject(row);
  }

  async putObject(object: ObjectRecord, precondition?: ObjectPrecondition): Promise<Replaced | PreconditionOutcome | undefined> {
    return this.upsertObject(object, precondition);
  }

  async getObject(bucket: string, key: string): Promise<ObjectRecord | undefined> {
    const row = this.db.prepare('SELECT * FROM s3_objects WHERE bucket = ? AND key = ?').get(bucket, key) as ObjectRow | undefined;
    return row === undefined ? undefined : toObject(row);
  }

  async deleteObject(bucket: string, key: string, precondition?: ObjectPrecondition): Promise<Replaced | PreconditionOutcome> {
    return this.removeObject(bucket, key, precondition);
  }

  async listObjects(range: ObjectRange): Promise<ObjectRecord[]> {
    const rows = this.db
      .prepare(
        `SELECT * FROM s3_objects WHERE bucket = @bucket AND key > @after AND substr(key, 1, length(@prefix)) = @prefix
         ORDER BY key LIMIT @limit`,
      )
      .all(range) as ObjectRow[];
    return rows.map(toObject);
  }

  async createUpload(upload: UploadRecord): Promise<boolean> {
    const result = this.db
      .prepare(
        `INSERT INTO s3_uploads (upload_id, bucket, key, content_type, metadata, properties, tags, acl, initiated)
         SELECT @uploadId, @bucket, @key, @contentType, @metadata, @properties, @tags, @acl, @initiated WHERE EXISTS (SELECT 1 FROM s3_buckets WHERE name = @bucket)`,
      )
      .run({ ...upload, metadata: JSON.stringify(upload.metadata), properties: JSON.stringify(upload.properties), tags: JSON.stringify(upload.tags), acl: aclText(upload.acl) });
    return result.changes === 1;
  }

  async getUpload(uploadId: string): Promise<UploadRecord | undefined> {
    const row = this.db.prepare('SELECT * FROM s3_uploads WHERE upload_id = ?').get(uploadId) as UploadRow | undefined;
    return row === undefined ? undefined : toUpload(row);
  }

  async putPart(part: PartRecord): Promise<Replaced | undefined> {
    return this.upsertPart(part);
  }

  async listParts(uploadId: string): Promise<PartRecord[]> {
    return (this.db.prepare('SELECT * FROM s3_parts WHERE upload_id = ? ORDER BY part_number').all(uploadId) as PartRow[]).map(toPart);
  }

  async completeUpload(uploadId: string, object: ObjectRecord, precondition?: ObjectPrecondition): Promise<Replaced | PreconditionOutcome | undefined> {
    return this.complete(uploadId, object, precondition);
  }

  async abortUpload(uploadId: string): Promise<Replaced | undefined> {
    return this.abort(uploadId);
  }
}
