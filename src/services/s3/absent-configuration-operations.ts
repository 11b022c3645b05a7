import type { Buckets } from '../../core/s3/buckets.js';
import { malformedXml, noSuchConfiguration, notImplemented } from '../../core/s3/s3-errors.js';
import { serviceError } from '../../lib/errors.js';
import type { RestXmlRequest, RestXmlResponse, RestXmlRoute } from '../service.js';
import { bucketOf, bucketSubresourceRoute, textOf } from './s3-shapes.js';

/**
 * Bucket configurations Eventide does not keep, answered as S3 answers for a bucket where they were never set:
 * reads give S3's default or its "not found" error, deletes succeed, and a Put that Eventide cannot honour gets the
 * error S3 would give (versioning is never Enabled here) or NotImplemented; none is accepted and dropped.
 */

type Answer = (request: RestXmlRequest) => RestXmlResponse;

const OK: RestXmlResponse = { status: 200 };
const NO_CONTENT: RestXmlResponse = { status: 204 };

const fails =
  (error: (bucket: string) => Error): Answer =>
  (request) => {
    throw error(bucketOf(request));
  };

const notFound = (code: string, message: string): Answer => fails((bucket) => noSuchConfiguration(code, message, bucket));

/** Analytics, inventory, metrics and intelligent-tiering configurations, read by `id`: there are none. */
const noSuchIdConfiguration = (): RestXmlResponse => {
  throw serviceError('NoSuchConfiguration', 404, 'The specified configuration does not exist.');
};

/** GET with `id` reads one configuration (none exists); without, it lists them (an empty list). */
const listOrGet =
  (root: string, list: string): Answer =>
  (request) => (request.query.has('id') ? noSuchIdConfiguration() : { status: 200, xml: { root, content: { IsTruncated: false, [list]: [] } } });

const versioningRequired = (subject: string, code: string, status: number): Answer =>
  fails(() => serviceError(code, status, `Versioning must be 'Enabled' on the bucket to apply a${subject} configuration`));

/** An empty BucketLoggingStatus turns logging off, which it already is; turning it on is not implemented. */
const putLogging: Answer = (request) => {
  if (request.xml?.LoggingEnabled !== undefined) throw notImplemented('Eventide does not write server access logs.');
  return OK;
};

/** Only the bucket owner pays, here. */
const putRequestPayment: Answer = (request) => {
  const payer = textOf(request.xml?.Payer);
  if (payer === 'Requester') throw notImplemented('Eventide does not implement Requester Pays buckets.');
  if (payer !== 'BucketOwner') throw malformedXml();
  return OK;
};

/** Each row: method, subresource, operation, the root element of its XML body (or 'none'), and the answer. */
const ANSWERS: [RestXmlRoute['method'], string, string, string, Answer][] = [
  ['GET', 'lifecycle', 'GetBucketLifecycleConfiguration', 'none', notFound('NoSuchLifecycleConfiguration', 'The lifecycle configuration does not exist')],
  ['DELETE', 'lifecycle', 'DeleteBucketLifecycle', 'none', () => NO_CONTENT],
  ['GET', 'website', 'GetBucketWebsite', 'none', notFound('NoSuchWebsiteConfiguration', 'The specified bucket does not have a website configuration')],
  ['DELETE', 'website', 'DeleteBucketWebsite', 'none', () => NO_CONTENT],
  ['GET', 'logging', 'GetBucketLogging', 'none', () => ({ status: 200, xml: { root: 'BucketLoggingStatus', content: {} } })],
  ['PUT', 'logging', 'PutBucketLogging', 'BucketLoggingStatus', putLogging],
  ['GET', 'replication', 'GetBucketReplication', 'none', notFound('ReplicationConfigurationNotFoundError', 'The replication configuration was not found')],
  ['PUT', 'replication', 'PutBucketReplication', 'none', versioningRequired(' replication', 'InvalidRequest', 400)],
  ['DELETE', 'replication', 'DeleteBucketReplication', 'none', () => NO_CONTENT],
  ['GET', 'object-lock', 'GetObjectLockConfiguration', 'none', notFound('ObjectLockConfigurationNotFoundError', 'Object Lock configuration does not exist for this bucket')],
  ['PUT', 'object-lock', 'PutObjectLockConfiguration', 'none', versioningRequired(' Object Lock', 'InvalidBucketState', 409)],
  ['GET', 'accelerate', 'GetBucketAccelerateConfiguration', 'none', () => ({ status: 200, xml: { root: 'AccelerateConfiguration', content: {} } })],
  ['GET', 'requestPayment', 'GetBucketRequestPayment', 'none', () => ({ status: 200, xml: { root: 'RequestPaymentConfiguration', content: { Payer: 'BucketOwner' } } })],
  ['PUT', 'requestPayment', 'PutBucketRequestPayment', 'RequestPaymentConfiguration', putRequestPayment],
  ['GET', 'ownershipControls', 'GetBucketOwnershipControls', 'none', notFound('OwnershipControlsNotFoundError', 'The bucket ownership controls were not found')],
  ['DELETE', 'ownershipControls', 'DeleteBucketOwnershipControls', 'none', () => NO_CONTENT],
  ['GET', 'analytics', 'ListBucketAnalyticsConfigurations', 'none', listOrGet('ListBucketAnalyticsConfigurationResult', 'AnalyticsConfiguration')],
  ['DELETE', 'analytics', 'DeleteBucketAnalyticsConfiguration', 'none', noSuchIdConfiguration],
  ['GET', 'inventory', 'ListBucketInventoryConfigurations', 'none', listOrGet('ListInventoryConfigurationsResult', 'InventoryConfiguration')],
  ['DELETE', 'inventory', 'DeleteBucketInventoryConfiguration', 'none', noSuchIdConfiguration],
  ['GET', 'metrics', 'ListBucketMetricsConfigurations', 'none', listOrGet('ListMetricsConfigurationsResult', 'MetricsConfiguration')],
  ['DELETE', 'metrics', 'DeleteBucketMetricsConfiguration', 'none', noSuchIdConfiguration],
  ['GET', 'intelligent-tiering', 'ListBucketIntelligentTieringConfigurations', 'none', listOrGet('ListBucketIntelligentTieringConfigurationsOutput', 'IntelligentTieringConfiguration')],
  ['DELETE', 'intelligent-tiering', 'DeleteBucketIntelligentTieringConfiguration', 'none', noSuchIdConfiguration],
];

export function absentConfigurationRoutes(buckets: Buckets): RestXmlRoute[] {
  return ANSWERS.map(([method, query, operation, body, answer]) =>
    bucketSubresourceRoute(operation, method, query, body, async (request): Promise<RestXmlResponse> => {
      await buckets.require(bucketOf(request));
      return answer(request);
    }),
  );
}
