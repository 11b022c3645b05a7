/**
 * What S3 tells the rest of Eventide about a bucket's objects: the notification configuration a bucket has
 * (PutBucketNotificationConfiguration, in its SDK shape) and the object events that may trigger it.
 */

export interface KeyFilterRule {
  name: 'prefix' | 'suffix';
  value: string;
}

/** One destination of a bucket's notification configuration. */
export interface NotificationTarget {
  /** The configuration's `Id`; S3 makes one up when none is given. */
  id: string;
  /** A function, queue or topic ARN. */
  arn: string;
  /** As configured, e.g. `s3:ObjectCreated:*`, `s3:ObjectRemoved:Delete`. */
  events: string[];
  filterRules: KeyFilterRule[];
}

export interface NotificationConfiguration {
  lambdaFunctions: NotificationTarget[];
  queues: NotificationTarget[];
  topics: NotificationTarget[];
  /** `<EventBridgeConfiguration/>`: every object event also goes to the default event bus. */
  eventBridge: boolean;
}

export const EMPTY_NOTIFICATION_CONFIGURATION: NotificationConfiguration = { lambdaFunctions: [], queues: [], topics: [], eventBridge: false };

/** The event's name as S3 records it (without the `s3:` prefix). */
export type ObjectEventName =
  | 'ObjectCreated:Put'
  | 'ObjectCreated:Post'
  | 'ObjectCreated:Copy'
  | 'ObjectCreated:CompleteMultipartUpload'
  | 'ObjectRemoved:Delete'
  | 'ObjectRemoved:DeleteMarkerCreated'
  | 'ObjectTagging:Put'
  | 'ObjectTagging:Delete'
  | 'ObjectAcl:Put';

export interface ObjectEvent {
  name: ObjectEventName;
  bucket: string;
  /** The key as stored (not URL-encoded). */
  key: string;
  /** Only for creations. */
  size: number | undefined;
  /** Without quotes; absent for removals. */
  eTag: string | undefined;
  /** Hex, increasing for successive events of one key. */
  sequencer: string;
  /** Wall time, epoch milliseconds. */
  time: number;
  /** The `x-amz-request-id` of the request that caused it. */
  requestId: string;
  sourceIp: string;
}

/** Implemented by the notification side (`bucket-notifications.ts`); S3's core calls it. */
export interface ObjectNotifications {
  /**
   * Checks a configuration before it is stored, as S3 does: its rules (`notification-rules.ts`) and ARNs, then every
   * Lambda destination's resource-based policy must allow `s3.amazonaws.com` for this bucket, queues and topics must
   * exist (they get an `s3:TestEvent`). Throws the AwsError S3 answers with (InvalidArgument "Unable to validate the
   * following destination configurations"). With `skipDestinationValidation` only the rules and ARNs are checked.
   */
  validate(bucket: string, configuration: NotificationConfiguration, skipDestinationValidation: boolean): Promise<void>;
  /** Delivers one object event per the bucket's configuration; resolves once the deliveries are durable. */
  objectEvent(configuration: NotificationConfiguration, event: ObjectEvent): Promise<void>;
}
