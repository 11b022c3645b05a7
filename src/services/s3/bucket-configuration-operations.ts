import type { BucketConfigurations, EncryptionConfiguration, PublicAccessBlock, VersioningConfiguration } from '../../core/s3/bucket-configurations.js';
import type { Buckets } from '../../core/s3/buckets.js';
import { malformedXml } from '../../core/s3/s3-errors.js';
import { serviceError } from '../../lib/errors.js';
import type { RestXmlResponse, RestXmlRoute, XmlObject, XmlValue } from '../service.js';
import { bucketOf, bucketSubresourceRoute as route, objectsOf, textOf } from './s3-shapes.js';

/**
 * The bucket configurations Eventide stores and returns as S3 does: versioning (Suspended only), default encryption
 * (SSE-S3 only), the public access block; and GetBucketLocation. A missing bucket is NoSuchBucket before its body is
 * looked at.
 */

/** The text of an element that must be one of `allowed`; undefined when absent. */
function oneOf<T extends string>(value: XmlValue | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  const text = textOf(value);
  if (text === undefined || !(allowed as readonly string[]).includes(text)) throw malformedXml();
  return text as T;
}

const booleanOf = (value: XmlValue | undefined): boolean => oneOf(value, ['true', 'false']) === 'true';

function versioningOf(xml: XmlObject | undefined): VersioningConfiguration {
  if (xml === undefined) throw malformedXml();
  const status = oneOf(xml.Status, ['Enabled', 'Suspended']);
  const mfaDelete = oneOf(xml.MfaDelete, ['Enabled', 'Disabled']);
  if (status === undefined) throw serviceError('IllegalVersioningConfigurationException', 400, 'The Versioning element must be specified');
  return { status, mfaDelete };
}

function encryptionOf(xml: XmlObject | undefined): EncryptionConfiguration {
  const rules = objectsOf(xml?.Rule);
  const rule = rules[0];
  if (rule === undefined || rules.length > 1) throw malformedXml();
  const byDefault = objectsOf(rule.ApplyServerSideEncryptionByDefault)[0];
  const sseAlgorithm = oneOf(byDefault?.SSEAlgorithm, ['AES256', 'aws:kms', 'aws:kms:dsse']);
  if (sseAlgorithm === undefined) throw malformedXml();
  const kmsMasterKeyId = textOf(byDefault?.KMSMasterKeyID);
  if (kmsMasterKeyId !== undefined && sseAlgorithm === 'AES256') {
    throw serviceError('InvalidArgument', 400, 'a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse', {
      fields: { ArgumentName: 'ApplyServerSideEncryptionByDefault' },
    });
  }
  return { sseAlgorithm, kmsMasterKeyId, bucketKeyEnabled: booleanOf(rule.BucketKeyEnabled) };
}

/** An absent element is false, as S3 takes it. */
function publicAccessBlockOf(xml: XmlObject | undefined): PublicAccessBlock {
  if (xml === undefined) throw malformedXml();
  return {
    blockPublicAcls: booleanOf(xml.BlockPublicAcls),
    ignorePublicAcls: booleanOf(xml.IgnorePublicAcls),
    blockPublicPolicy: booleanOf(xml.BlockPublicPolicy),
    restrictPublicBuckets: booleanOf(xml.RestrictPublicBuckets),
  };
}

export function bucketConfigurationRoutes(configurations: BucketConfigurations, buckets: Buckets): RestXmlRoute[] {
  const OK: RestXmlResponse = { status: 200 };
  const NO_CONTENT: RestXmlResponse = { status: 204 };
  return [
    route('GetBucketLocation', 'GET', 'location', 'none', async (request) => {
      const bucket = await buckets.require(bucketOf(request));
      // us-east-1 is the absent constraint.
      return { status: 200, xml: { root: 'LocationConstraint', content: bucket.region === 'us-east-1' ? '' : bucket.region } };
    }),
    route('GetBucketVersioning', 'GET', 'versioning', 'none', async (request) => {
      const versioning = await configurations.get(bucketOf(request), 'versioning');
      return { status: 200, xml: { root: 'VersioningConfiguration', content: { Status: versioning?.status, MfaDelete: versioning?.mfaDelete } } };
    }),
    route('PutBucketVersioning', 'PUT', 'versioning', 'VersioningConfiguration', async (request) => {
      await buckets.require(bucketOf(request));
      await configurations.putVersioning(bucketOf(request), versioningOf(request.xml));
      return OK;
    }),
    route('GetBucketEncryption', 'GET', 'encryption', 'none', async (request) => {
      const encryption = await configurations.getEncryption(bucketOf(request));
      const rule = {
        ApplyServerSideEncryptionByDefault: { SSEAlgorithm: encryption.sseAlgorithm, KMSMasterKeyID: encryption.kmsMasterKeyId },
        BucketKeyEnabled: encryption.bucketKeyEnabled,
      };
      return { status: 200, xml: { root: 'ServerSideEncryptionConfiguration', content: { Rule: rule } } };
    }),
    route('PutBucketEncryption', 'PUT', 'encryption', 'ServerSideEncryptionConfiguration', async (request) => {
      await buckets.require(bucketOf(request));
      await configurations.putEncryption(bucketOf(request), encryptionOf(request.xml));
      return OK;
    }),
    // Without a configuration of its own, the bucket is back to S3's default encryption.
    route('DeleteBucketEncryption', 'DELETE', 'encryption', 'none', async (request) => {
      await configurations.delete(bucketOf(request), 'encryption');
      return NO_CONTENT;
    }),
    route('GetPublicAccessBlock', 'GET', 'publicAccessBlock', 'none', async (request) => {
      const block = await configurations.getPublicAccessBlock(bucketOf(request));
      const content = {
        BlockPublicAcls: block.blockPublicAcls,
        IgnorePublicAcls: block.ignorePublicAcls,
        BlockPublicPolicy: block.blockPublicPolicy,
        RestrictPublicBuckets: block.restrictPublicBuckets,
      };
      return { status: 200, xml: { root: 'PublicAccessBlockConfiguration', content } };
    }),
    route('PutPublicAccessBlock', 'PUT', 'publicAccessBlock', 'PublicAccessBlockConfiguration', async (request) => {
      await buckets.require(bucketOf(request));
      await configurations.putPublicAccessBlock(bucketOf(request), publicAccessBlockOf(request.xml));
      return OK;
    }),
    route('DeletePublicAccessBlock', 'DELETE', 'publicAccessBlock', 'none', async (request) => {
      await configurations.delete(bucketOf(request), 'publicAccessBlock');
      return NO_CONTENT;
    }),
  ];
}
