import type { ObjectRecord, S3Store } from '../../store/s3.js';
import { type CanonicalUser, type Grant, grantsOf } from './access-control.js';
import type { Buckets } from './buckets.js';
import type { ObjectEvents, RequestOrigin } from './object-events.js';
import { noSuchKey } from './s3-errors.js';
import { checkObjectTags, type Tag } from './tag-set.js';

/**
 * An object's tag set and ACL (`?tagging`, `?acl`): changed in place, the bytes and the rest of the record untouched,
 * and announced as S3 does (`ObjectTagging:Put`, `ObjectTagging:Delete`, `ObjectAcl:Put` when the ACL changes).
 */
export class ObjectSubresources {
  constructor(
    private readonly store: S3Store,
    private readonly buckets: Buckets,
    private readonly events: ObjectEvents,
    private readonly owner: CanonicalUser,
  ) {}

  /** GetObjectTagging; S3 names the missing key with its bucket here. */
  async tags(bucket: string, key: string): Promise<Tag[]> {
    return (await this.require(bucket, key, `${bucket}/${key}`)).tags;
  }

  async putTags(bucketName: string, key: string, tags: Tag[], origin: RequestOrigin): Promise<void> {
    checkObjectTags(tags);
    await this.setTags(bucketName, key, tags, origin, 'ObjectTagging:Put');
  }

  async deleteTags(bucketName: string, key: string, origin: RequestOrigin): Promise<void> {
    await this.setTags(bucketName, key, [], origin, 'ObjectTagging:Delete');
  }

  /** The object's grants, its owner's FULL_CONTROL when none were set. */
  async acl(bucket: string, key: string): Promise<Grant[]> {
    return grantsOf((await this.require(bucket, key, key)).acl, this.owner);
  }

  async putAcl(bucketName: string, key: string, acl: Grant[], origin: RequestOrigin): Promise<void> {
    const bucket = await this.buckets.require(bucketName);
    const before = await this.store.getObject(bucketName, key);
    if (before === undefined) throw noSuchKey(key);
    const updated = await this.store.setObjectAcl(bucketName, key, acl);
    if (updated === undefined) throw noSuchKey(key);
    if (JSON.stringify(grantsOf(before.acl, this.owner)) !== JSON.stringify(acl)) await this.events.announce(bucket, 'ObjectAcl:Put', updated, origin);
  }

  private async setTags(bucketName: string, key: string, tags: Tag[], origin: RequestOrigin, event: 'ObjectTagging:Put' | 'ObjectTagging:Delete'): Promise<void> {
    const bucket = await this.buckets.require(bucketName);
    const updated = await this.store.setObjectTags(bucketName, key, tags);
    if (updated === undefined) throw noSuchKey(key);
    await this.events.announce(bucket, event, updated, origin);
  }

  private async require(bucket: string, key: string, named: string): Promise<ObjectRecord> {
    await this.buckets.require(bucket);
    const object = await this.store.getObject(bucket, key);
    if (object === undefined) throw noSuchKey(named);
    return object;
  }
}
