import path from 'node:path';
import type { CanonicalUser } from './access-control.js';
import type { Clock } from '../../lib/clock.js';
import type { S3Store } from '../../store/s3.js';
import { BucketConfigurations } from './bucket-configurations.js';
import { Buckets } from './buckets.js';
import { MultipartUploads } from './multipart-uploads.js';
import { ObjectData } from './object-data.js';
import { ObjectEvents } from './object-events.js';
import type { ObjectNotifications } from './object-notifications.js';
import { ObjectSubresources } from './object-subresources.js';
import { Objects } from './objects.js';

export interface S3Deps {
  store: S3Store;
  /** Object bytes go under `<dataDir>/s3`. */
  dataDir: string;
  notifications: ObjectNotifications;
  clock: Clock;
  region: string;
  /** The account's canonical user: owner of every bucket and object. */
  owner: CanonicalUser;
}

export interface S3 {
  buckets: Buckets;
  configurations: BucketConfigurations;
  objects: Objects;
  uploads: MultipartUploads;
  subresources: ObjectSubresources;
  /** At start, before any request: removes object files a crash left without a record (and folders of gone buckets). */
  removeUnrecordedData(): Promise<void>;
}

/** S3's domain objects, wired to one another. */
export function createS3({ store, dataDir, notifications, clock, region, owner }: S3Deps): S3 {
  const data = new ObjectData(path.join(dataDir, 's3'));
  const events = new ObjectEvents(notifications, clock);
  const buckets = new Buckets(store, data, notifications, clock, region);
  const objects = new Objects(store, buckets, data, events, clock);
  const uploads = new MultipartUploads(store, buckets, objects, data, events, clock);
  const subresources = new ObjectSubresources(store, buckets, events, owner);
  const removeUnrecordedData = async (): Promise<void> => {
    for (const bucket of await data.bucketFolders()) {
      if ((await store.getBucket(bucket)) === undefined) await data.removeBucket(bucket);
      else await data.removeAllBut(bucket, await store.dataIdsOf(bucket));
    }
  };
  return { buckets, configurations: new BucketConfigurations(store, buckets), objects, uploads, subresources, removeUnrecordedData };
}
