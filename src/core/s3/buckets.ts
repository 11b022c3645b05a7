import type { Clock } from '../../lib/clock.js';
import type { BucketRecord, S3Store } from '../../store/s3.js';
import { isValidBucketName } from './bucket-name.js';
import type { ObjectData } from './object-data.js';
import type { NotificationConfiguration, ObjectNotifications } from './object-notifications.js';
import { bucketAlreadyOwnedByYou, bucketNotEmpty, invalidBucketName, noSuchBucket } from './s3-errors.js';

/** Buckets: their lifecycle and their notification configuration. */
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
  async create(name: string, locationConstraint: string | undefined): Promise<BucketRecord> {
    if (!isValidBucketName(name)) throw invalidBucketName(name);
    const bucket: BucketRecord = { name, region: locationConstraint ?? this.region, creationTime: this.clock.wallTime(), notificationConfiguration: undefined };
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
}
