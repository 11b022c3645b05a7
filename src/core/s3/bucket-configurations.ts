import type { BucketConfigurationKind, S3Store } from '../../store/s3.js';
import type { Buckets } from './buckets.js';
import { validateBucketPolicy } from './bucket-policy.js';
import { type CorsRule, validateCorsRules } from './cors-configuration.js';
import { noSuchBucket, noSuchConfiguration, notImplemented } from './s3-errors.js';

/** PutBucketVersioning's state. Only `Suspended` can be stored: Eventide keeps one version of each object. */
export interface VersioningConfiguration {
  status: 'Enabled' | 'Suspended';
  mfaDelete: 'Enabled' | 'Disabled' | undefined;
}

/** Default encryption: SSE-S3 (`AES256`) is what Eventide can honour; its objects are never KMS-encrypted. */
export interface EncryptionConfiguration {
  sseAlgorithm: string;
  kmsMasterKeyId: string | undefined;
  bucketKeyEnabled: boolean;
}

/** What S3 applies to every bucket without a configuration of its own (since January 2023). */
const DEFAULT_ENCRYPTION: EncryptionConfiguration = { sseAlgorithm: 'AES256', kmsMasterKeyId: undefined, bucketKeyEnabled: false };

export interface PublicAccessBlock {
  blockPublicAcls: boolean;
  ignorePublicAcls: boolean;
  blockPublicPolicy: boolean;
  restrictPublicBuckets: boolean;
}

/** The value each stored kind holds. */
interface ConfigurationValues {
  policy: string;
  versioning: VersioningConfiguration;
  cors: CorsRule[];
  encryption: EncryptionConfiguration;
  publicAccessBlock: PublicAccessBlock;
}

/**
 * Bucket configurations kept per bucket (policy, versioning, CORS, default encryption, public access block): each
 * checked before it is stored, so bad input changes nothing, and each asked of an existing bucket only.
 */
export class BucketConfigurations {
  constructor(
    private readonly store: S3Store,
    private readonly buckets: Buckets,
  ) {}

  /** The stored value; undefined when never set or deleted. */
  async get<K extends BucketConfigurationKind>(bucket: string, kind: K): Promise<ConfigurationValues[K] | undefined> {
    await this.buckets.require(bucket);
    const document = await this.store.getBucketConfiguration(bucket, kind);
    return document === undefined ? undefined : (JSON.parse(document) as ConfigurationValues[K]);
  }

  async delete(bucket: string, kind: BucketConfigurationKind): Promise<void> {
    await this.buckets.require(bucket);
    await this.store.deleteBucketConfiguration(bucket, kind);
  }

  async getPolicy(bucket: string): Promise<string> {
    const policy = await this.get(bucket, 'policy');
    if (policy === undefined) throw noSuchConfiguration('NoSuchBucketPolicy', 'The bucket policy does not exist', bucket);
    return policy;
  }

  /** Stored as given once S3's checks pass; Eventide does not enforce it. */
  async putPolicy(bucket: string, text: string): Promise<void> {
    await this.buckets.require(bucket);
    await this.put(bucket, 'policy', validateBucketPolicy(text, bucket));
  }

  async putVersioning(bucket: string, configuration: VersioningConfiguration): Promise<void> {
    await this.buckets.require(bucket);
    if (configuration.status === 'Enabled') {
      throw notImplemented("Eventide does not support object versioning yet: a bucket's versioning can only be Suspended.");
    }
    if (configuration.mfaDelete === 'Enabled') throw notImplemented('Eventide does not support MFA delete.');
    await this.put(bucket, 'versioning', configuration);
  }

  async getCors(bucket: string): Promise<CorsRule[]> {
    const rules = await this.get(bucket, 'cors');
    if (rules === undefined) throw noSuchConfiguration('NoSuchCORSConfiguration', 'The CORS configuration does not exist', bucket);
    return rules;
  }

  async putCors(bucket: string, rules: CorsRule[]): Promise<void> {
    await this.buckets.require(bucket);
    await this.put(bucket, 'cors', validateCorsRules(rules));
  }

  async getEncryption(bucket: string): Promise<EncryptionConfiguration> {
    return (await this.get(bucket, 'encryption')) ?? DEFAULT_ENCRYPTION;
  }

  async putEncryption(bucket: string, configuration: EncryptionConfiguration): Promise<void> {
    await this.buckets.require(bucket);
    if (configuration.sseAlgorithm !== 'AES256') {
      throw notImplemented(`Eventide has no KMS: a bucket's default encryption can only be SSE-S3 (AES256), not ${configuration.sseAlgorithm}.`);
    }
    await this.put(bucket, 'encryption', configuration);
  }

  async getPublicAccessBlock(bucket: string): Promise<PublicAccessBlock> {
    const block = await this.get(bucket, 'publicAccessBlock');
    if (block === undefined) throw noSuchConfiguration('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found', bucket);
    return block;
  }

  async putPublicAccessBlock(bucket: string, block: PublicAccessBlock): Promise<void> {
    await this.buckets.require(bucket);
    await this.put(bucket, 'publicAccessBlock', block);
  }

  private async put<K extends BucketConfigurationKind>(bucket: string, kind: K, value: ConfigurationValues[K]): Promise<void> {
    if (!(await this.store.putBucketConfiguration(bucket, kind, JSON.stringify(value)))) throw noSuchBucket(bucket);
  }
}
