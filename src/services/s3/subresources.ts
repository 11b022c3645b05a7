import type { RestXmlRoute } from '../service.js';

/**
 * Every subresource S3 defines (the query parameters of its request URIs in the service model), with the operations
 * each (method, target) pair means. The router dispatches on these: a request naming one is that operation, served or
 * refused as NotImplemented, and never the plain operation of its method and path.
 */
export interface SubresourceOperation {
  subresource: string;
  target: 'bucket' | 'object';
  method: RestXmlRoute['method'];
  /** The model's operation names; GETs that list or read by `id` share one request shape. */
  operations: string[];
  /** A header that singles the operation out among those of the same subresource (UploadPartCopy). */
  header?: string;
}

type Row = [SubresourceOperation['subresource'], SubresourceOperation['target'], SubresourceOperation['method'], string[], string?];

const ROWS: Row[] = [
  ['abac', 'bucket', 'GET', ['GetBucketAbac']],
  ['abac', 'bucket', 'PUT', ['PutBucketAbac']],
  ['accelerate', 'bucket', 'GET', ['GetBucketAccelerateConfiguration']],
  ['accelerate', 'bucket', 'PUT', ['PutBucketAccelerateConfiguration']],
  ['acl', 'bucket', 'GET', ['GetBucketAcl']],
  ['acl', 'bucket', 'PUT', ['PutBucketAcl']],
  ['acl', 'object', 'GET', ['GetObjectAcl']],
  ['acl', 'object', 'PUT', ['PutObjectAcl']],
  ['analytics', 'bucket', 'DELETE', ['DeleteBucketAnalyticsConfiguration']],
  ['analytics', 'bucket', 'GET', ['GetBucketAnalyticsConfiguration', 'ListBucketAnalyticsConfigurations']],
  ['analytics', 'bucket', 'PUT', ['PutBucketAnalyticsConfiguration']],
  ['attributes', 'object', 'GET', ['GetObjectAttributes']],
  ['cors', 'bucket', 'DELETE', ['DeleteBucketCors']],
  ['cors', 'bucket', 'GET', ['GetBucketCors']],
  ['cors', 'bucket', 'PUT', ['PutBucketCors']],
  ['delete', 'bucket', 'POST', ['DeleteObjects']],
  ['encryption', 'bucket', 'DELETE', ['DeleteBucketEncryption']],
  ['encryption', 'bucket', 'GET', ['GetBucketEncryption']],
  ['encryption', 'bucket', 'PUT', ['PutBucketEncryption']],
  ['encryption', 'object', 'PUT', ['UpdateObjectEncryption']],
  ['intelligent-tiering', 'bucket', 'DELETE', ['DeleteBucketIntelligentTieringConfiguration']],
  ['intelligent-tiering', 'bucket', 'GET', ['GetBucketIntelligentTieringConfiguration', 'ListBucketIntelligentTieringConfigurations']],
  ['intelligent-tiering', 'bucket', 'PUT', ['PutBucketIntelligentTieringConfiguration']],
  ['inventory', 'bucket', 'DELETE', ['DeleteBucketInventoryConfiguration']],
  ['inventory', 'bucket', 'GET', ['GetBucketInventoryConfiguration', 'ListBucketInventoryConfigurations']],
  ['inventory', 'bucket', 'PUT', ['PutBucketInventoryConfiguration']],
  ['legal-hold', 'object', 'GET', ['GetObjectLegalHold']],
  ['legal-hold', 'object', 'PUT', ['PutObjectLegalHold']],
  ['lifecycle', 'bucket', 'DELETE', ['DeleteBucketLifecycle']],
  ['lifecycle', 'bucket', 'GET', ['GetBucketLifecycleConfiguration', 'GetBucketLifecycle']],
  ['lifecycle', 'bucket', 'PUT', ['PutBucketLifecycleConfiguration', 'PutBucketLifecycle']],
  ['location', 'bucket', 'GET', ['GetBucketLocation']],
  ['logging', 'bucket', 'GET', ['GetBucketLogging']],
  ['logging', 'bucket', 'PUT', ['PutBucketLogging']],
  ['metadataConfiguration', 'bucket', 'DELETE', ['DeleteBucketMetadataConfiguration']],
  ['metadataConfiguration', 'bucket', 'GET', ['GetBucketMetadataConfiguration']],
  ['metadataConfiguration', 'bucket', 'POST', ['CreateBucketMetadataConfiguration']],
  ['metadataInventoryTable', 'bucket', 'PUT', ['UpdateBucketMetadataInventoryTableConfiguration']],
  ['metadataJournalTable', 'bucket', 'PUT', ['UpdateBucketMetadataJournalTableConfiguration']],
  ['metadataTable', 'bucket', 'DELETE', ['DeleteBucketMetadataTableConfiguration']],
  ['metadataTable', 'bucket', 'GET', ['GetBucketMetadataTableConfiguration']],
  ['metadataTable', 'bucket', 'POST', ['CreateBucketMetadataTableConfiguration']],
  ['metrics', 'bucket', 'DELETE', ['DeleteBucketMetricsConfiguration']],
  ['metrics', 'bucket', 'GET', ['GetBucketMetricsConfiguration', 'ListBucketMetricsConfigurations']],
  ['metrics', 'bucket', 'PUT', ['PutBucketMetricsConfiguration']],
  ['notification', 'bucket', 'GET', ['GetBucketNotificationConfiguration', 'GetBucketNotification']],
  ['notification', 'bucket', 'PUT', ['PutBucketNotificationConfiguration', 'PutBucketNotification']],
  ['object-lock', 'bucket', 'GET', ['GetObjectLockConfiguration']],
  ['object-lock', 'bucket', 'PUT', ['PutObjectLockConfiguration']],
  ['ownershipControls', 'bucket', 'DELETE', ['DeleteBucketOwnershipControls']],
  ['ownershipControls', 'bucket', 'GET', ['GetBucketOwnershipControls']],
  ['ownershipControls', 'bucket', 'PUT', ['PutBucketOwnershipControls']],
  ['policy', 'bucket', 'DELETE', ['DeleteBucketPolicy']],
  ['policy', 'bucket', 'GET', ['GetBucketPolicy']],
  ['policy', 'bucket', 'PUT', ['PutBucketPolicy']],
  ['policyStatus', 'bucket', 'GET', ['GetBucketPolicyStatus']],
  ['publicAccessBlock', 'bucket', 'DELETE', ['DeletePublicAccessBlock']],
  ['publicAccessBlock', 'bucket', 'GET', ['GetPublicAccessBlock']],
  ['publicAccessBlock', 'bucket', 'PUT', ['PutPublicAccessBlock']],
  ['renameObject', 'object', 'PUT', ['RenameObject']],
  ['replication', 'bucket', 'DELETE', ['DeleteBucketReplication']],
  ['replication', 'bucket', 'GET', ['GetBucketReplication']],
  ['replication', 'bucket', 'PUT', ['PutBucketReplication']],
  ['requestPayment', 'bucket', 'GET', ['GetBucketRequestPayment']],
  ['requestPayment', 'bucket', 'PUT', ['PutBucketRequestPayment']],
  ['restore', 'object', 'POST', ['RestoreObject']],
  ['retention', 'object', 'GET', ['GetObjectRetention']],
  ['retention', 'object', 'PUT', ['PutObjectRetention']],
  ['select', 'object', 'POST', ['SelectObjectContent']],
  ['session', 'bucket', 'GET', ['CreateSession']],
  ['tagging', 'bucket', 'DELETE', ['DeleteBucketTagging']],
  ['tagging', 'bucket', 'GET', ['GetBucketTagging']],
  ['tagging', 'bucket', 'PUT', ['PutBucketTagging']],
  ['tagging', 'object', 'DELETE', ['DeleteObjectTagging']],
  ['tagging', 'object', 'GET', ['GetObjectTagging']],
  ['tagging', 'object', 'PUT', ['PutObjectTagging']],
  ['torrent', 'object', 'GET', ['GetObjectTorrent']],
  // uploadId is a query member rather than part of the URI in the model, but it alone tells these from GetObject & co.
  ['uploadId', 'object', 'GET', ['ListParts']],
  ['uploadId', 'object', 'PUT', ['UploadPart']],
  ['uploadId', 'object', 'PUT', ['UploadPartCopy'], 'x-amz-copy-source'],
  ['uploadId', 'object', 'POST', ['CompleteMultipartUpload']],
  ['uploadId', 'object', 'DELETE', ['AbortMultipartUpload']],
  ['uploads', 'bucket', 'GET', ['ListMultipartUploads']],
  ['uploads', 'object', 'POST', ['CreateMultipartUpload']],
  ['versioning', 'bucket', 'GET', ['GetBucketVersioning']],
  ['versioning', 'bucket', 'PUT', ['PutBucketVersioning']],
  ['versions', 'bucket', 'GET', ['ListObjectVersions']],
  ['website', 'bucket', 'DELETE', ['DeleteBucketWebsite']],
  ['website', 'bucket', 'GET', ['GetBucketWebsite']],
  ['website', 'bucket', 'PUT', ['PutBucketWebsite']],
];

export const S3_SUBRESOURCE_OPERATIONS: readonly SubresourceOperation[] = ROWS.map(([subresource, target, method, operations, header]) =>
  header === undefined ? { subresource, target, method, operations } : { subresource, target, method, operations, header },
);

/** The query parameters that name a subresource. */
export const S3_SUBRESOURCES: ReadonlySet<string> = new Set(ROWS.map(([subresource]) => subresource));
