import { randomBytes } from 'node:crypto';
import type { AccountScope } from '../../lib/arn.js';
import type { ObjectEvent, ObjectEventName } from './object-notifications.js';

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

/** Tag and ACL changes: S3 records them as version 2.3 and names the object by its key and ETag alone. */
const isSubresourceChange = (name: ObjectEventName): boolean => name.startsWith('ObjectTagging:') || name.startsWith('ObjectAcl:');

export function s3EventRecord(scope: AccountScope, event: ObjectEvent, configurationId: string): Record<string, unknown> {
  const subresource = isSubresourceChange(event.name);
  const object: Record<string, unknown> = { key: formEncodeKey(event.key) };
  if (event.size !== undefined && !subresource) object.size = event.size;
  if (event.eTag !== undefined) object.eTag = event.eTag;
  if (!subresource) object.sequencer = event.sequencer;
  return {
    eventVersion: subresource ? '2.3' : '2.1',
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

/** EventBridge's detail type of each event, and the `reason` of creations and deletions. */
const BUS_EVENTS: Record<ObjectEventName, { detailType: string; reason?: string }> = {
  'ObjectCreated:Put': { detailType: 'Object Created', reason: 'PutObject' },
  'ObjectCreated:Post': { detailType: 'Object Created', reason: 'PostObject' },
  'ObjectCreated:Copy': { detailType: 'Object Created', reason: 'CopyObject' },
  'ObjectCreated:CompleteMultipartUpload': { detailType: 'Object Created', reason: 'CompleteMultipartUpload' },
  'ObjectRemoved:Delete': { detailType: 'Object Deleted', reason: 'DeleteObject' },
  'ObjectRemoved:DeleteMarkerCreated': { detailType: 'Object Deleted', reason: 'DeleteObject' },
  'ObjectTagging:Put': { detailType: 'Object Tags Added' },
  'ObjectTagging:Delete': { detailType: 'Object Tags Deleted' },
  'ObjectAcl:Put': { detailType: 'Object ACL Updated' },
};

/** The EventBridge event S3 puts on the default bus for a bucket with EventBridge notifications. */
export function s3BusEvent(scope: AccountScope, event: ObjectEvent): { detailType: string; detail: Record<string, unknown> } {
  const { detailType, reason } = BUS_EVENTS[event.name];
  const removed = event.name.startsWith('ObjectRemoved:');
  const object: Record<string, unknown> = { key: event.key };
  if (event.size !== undefined && event.name.startsWith('ObjectCreated:')) object.size = event.size;
  if (event.eTag !== undefined) object.etag = event.eTag;
  if (!isSubresourceChange(event.name)) object.sequencer = event.sequencer;
  return {
    detailType,
    detail: {
      version: '0',
      bucket: { name: event.bucket },
      object,
      'request-id': event.requestId,
      requester: scope.accountId,
      'source-ip-address': event.sourceIp,
      ...(reason === undefined ? {} : { reason }),
      ...(removed ? { 'deletion-type': event.name === 'ObjectRemoved:DeleteMarkerCreated' ? 'Delete Marker Created' : 'Permanently Deleted' } : {}),
    },
  };
}
