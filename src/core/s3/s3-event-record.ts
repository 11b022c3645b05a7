import { randomBytes } from 'node:crypto';
import type { AccountScope } from '../../lib/arn.js';
import type { ObjectEvent } from './object-notifications.js';

/**
 * S3's event record (version 2.1), one per notification, as a function, queue or topic receives it in `Records`.
 * Keys are form-encoded as S3 does (space → `+`, `/` kept); removals carry no size or ETag.
 */

/** `java.net.URLEncoder` with `/` kept: letters, digits and `.-*_` stay, space becomes `+`, the rest is %-escaped. */
export function formEncodeKey(key: string): string {
  return encodeURIComponent(key)
    .replace(/[!'()~]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+')
    .replace(/%2F/g, '/');
}

export const bucketArn = (bucket: string): string => `arn:aws:s3:::${bucket}`;

export function s3EventRecord(scope: AccountScope, event: ObjectEvent, configurationId: string): Record<string, unknown> {
  const object: Record<string, unknown> = { key: formEncodeKey(event.key) };
  if (event.size !== undefined) object.size = event.size;
  if (event.eTag !== undefined) object.eTag = event.eTag;
  object.sequencer = event.sequencer;
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: scope.region,
    eventTime: new Date(event.time).toISOString(),
    eventName: event.name,
    userIdentity: { principalId: `AWS:${scope.accountId}` },
    requestParameters: { sourceIPAddress: event.sourceIp },
    responseElements: { 'x-amz-request-id': event.requestId, 'x-amz-id-2': randomBytes(48).toString('base64') },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId,
      bucket: { name: event.bucket, ownerIdentity: { principalId: scope.accountId }, arn: bucketArn(event.bucket) },
      object,
    },
  };
}

/** The EventBridge event S3 puts on the default bus for a bucket with EventBridge notifications. */
export function s3BusEvent(scope: AccountScope, event: ObjectEvent): { detailType: string; detail: Record<string, unknown> } {
  const created = event.name.startsWith('ObjectCreated:');
  const object: Record<string, unknown> = { key: event.key };
  if (event.size !== undefined) object.size = event.size;
  if (event.eTag !== undefined) object.etag = event.eTag;
  object.sequencer = event.sequencer;
  const reason = { 'ObjectCreated:Put': 'PutObject', 'ObjectCreated:Post': 'PostObject', 'ObjectCreated:Copy': 'CopyObject', 'ObjectCreated:CompleteMultipartUpload': 'CompleteMultipartUpload', 'ObjectRemoved:Delete': 'DeleteObject', 'ObjectRemoved:DeleteMarkerCreated': 'DeleteObject' }[event.name];
  return {
    detailType: created ? 'Object Created' : 'Object Deleted',
    detail: {
      version: '0',
      bucket: { name: event.bucket },
      object,
      'request-id': event.requestId,
      requester: scope.accountId,
      'source-ip-address': event.sourceIp,
      reason,
      ...(created ? {} : { 'deletion-type': event.name === 'ObjectRemoved:DeleteMarkerCreated' ? 'Delete Marker Created' : 'Permanently Deleted' }),
    },
  };
}
