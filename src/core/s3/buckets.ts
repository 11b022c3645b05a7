import type { Clock } from '../../lib/clock.js';
import type { BucketRecord, S3Store } from '../../store/s3.js';
import { isValidBucketName } from './bucket-name.js';
import type { ObjectData } from './object-data.js';
import type { NotificationConfiguration, ObjectNotifications } from './object-notifications.js';
import { bucketAlreadyOwnedByYou, bucketNotEmpty, invalidBucketName, noSuchBucket, noSuchTagSet } from './s3-errors.js';
import type { Grant } from './access-control.js';
import { checkBucketTags, type Tag } from './tag-set.js';

/** Buckets: their lifecycle, notification configuration, tag set and ACL. */
export class Buckets {
  constructor(
    private readonly store: S3Store,
    private readonly data: ObjectData,
    private readonly notifications: ObjectNotifications,
    private readonly clock: Clock,
    /** Eventide's region: where buckets are created when the request names no location. */
    private readonly region: string,
  ) {}

  /** Creates the bucket. Re-creating one's own bucket is a success in us-east-1 and BucketAlreadyOwnedByYou elsewhere (as on AWS). */
  async create(name: string, locationConstraint: string | undefined, acl: Grant[] | undefined): Promise<BucketRecord> {
    if (!isValidBucketName(name)) throw invalidBucketName(name);
    const bucket: BucketRecord = {
      name,
      region: locationConstraint ?? this.region,
      creationTime: this.clock.wallTime(),
      notificationConfiguration: undefined,
      tags: undefined,
      acl,
    };
    if (await this.store.createBucket(bucket)) return bucket;
    const existing = await this.require(name);
    if (existing.region === 'us-east-1' && bucket.region === 'us-east-1') return existing;
    throw bucketAlreadyOwnedByYou(name);
  }

  async require(name: string): Promise<BucketRecord> {
    const bucket = await this.store.getBucket(name);
    if (bucket === undefined) throw noSuchBucket(name);
    return bucket;
  }

  list(): Promise<BucketRecord[]> {
    return this.store.listBuckets();
  }

  async delete(name: string): Promise<void> {
    const result = await this.store.deleteBucket(name);
    if (result === 'missing') throw noSuchBucket(name);
    if (result === 'not-empty') throw bucketNotEmpty(name);
    await this.data.removeBucket(name);
  }

  /** Stores the configuration once its destinations check out (unless told to skip that); nothing changes otherwise. */
  async putNotificationConfiguration(name: string, configuration: NotificationConfiguration, skipDestinationValidation: boolean): Promise<void> {
    await this.require(name);
    await this.notifications.validate(name, configuration, skipDestinationValidation);
    if (!(await this.store.setNotificationConfiguration(name, configuration))) throw noSuchBucket(name);
  }

  /** GetBucketTagging: NoSuchTagSet when the bucket has none. */
  async tags(name: string): Promise<Tag[]> {
    const tags = (await this.require(name)).tags;
    if (tags === undefined) throw noSuchTagSet(name);
    return tags;
  }

  /** Replaces the tag set; an empty one removes it, as on S3. */
  async putTags(name: string, tags: Tag[]): Promise<void> {
    checkBucketTags(tags);
    if (!(await this.store.setBucketTags(name, tags.length === 0 ? undefined : tags))) throw noSuchBucket(name);
  }

  async deleteTags(name: string): Promise<void> {
    if (!(await this.store.setBucketTags(name, undefined))) throw noSuchBucket(name);
  }

  async putAcl(name: string, acl: Grant[]): Promise<void> {
    if (!(await this.store.setBucketAcl(name, acl))) throw noSuchBucket(name);
  }
}
