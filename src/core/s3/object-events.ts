import type { Clock } from '../../lib/clock.js';
import type { BucketRecord } from '../../store/s3.js';
import type { ObjectEventName, ObjectNotifications } from './object-notifications.js';

/** Who asked for an object change: the request's id and the client's address, as event records carry them. */
export interface RequestOrigin {
  requestId: string;
  sourceIp: string;
}

/** The object an event is about; size and ETag only for creations. */
export interface ChangedObject {
  key: string;
  size?: number;
  /** As stored, with quotes. */
  eTag?: string;
}

/**
 * Tells the bucket's notification configuration about an object change, once the change is durable. The sequencer
 * is hex, increasing: the wall time in milliseconds and a per-process counter, so later changes sort later.
 */
export class ObjectEvents {
  private counter = 0;

  constructor(
    private readonly notifications: ObjectNotifications,
    private readonly clock: Clock,
  ) {}

  async announce(bucket: BucketRecord, name: ObjectEventName, object: ChangedObject, origin: RequestOrigin): Promise<void> {
    const sequencer = this.nextSequencer();
    if (bucket.notificationConfiguration === undefined) return;
    await this.notifications.objectEvent(bucket.notificationConfiguration, {
      name,
      bucket: bucket.name,
      key: object.key,
      size: object.size,
      eTag: object.eTag?.replace(/"/g, ''),
      sequencer,
      time: this.clock.wallTime(),
      requestId: origin.requestId,
      sourceIp: origin.sourceIp,
    });
  }

  private nextSequencer(): string {
    this.counter = (this.counter + 1) % 0x1000000;
    return `${this.clock.wallTime().toString(16).padStart(12, '0')}${this.counter.toString(16).padStart(6, '0')}`.toUpperCase();
  }
}
