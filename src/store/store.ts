import type { AsyncEventStore } from './async-events.js';
import type { EventInvokeConfigStore } from './event-invoke-configs.js';
import type { EventBusStore } from './events.js';
import type { FunctionFaultStore } from './function-faults.js';
import type { FunctionPolicyStore } from './function-policies.js';
import type { IamStore } from './iam.js';
import type { LogStore } from './logs.js';
import type { S3Store } from './s3.js';
import type { TopicStore } from './sns.js';
import type { QueueStore } from './sqs.js';

export type * from './logs.js';

/**
 * The storage port. It speaks in domain operations, never in SQL, connections or transactions, so a
 * PostgreSQL implementation can sit beside the SQLite one. Every method is asynchronous for that reason,
 * even where SQLite answers at once.
 */

/** A Lambda function's $LATEST as stored: its configuration and where its extracted code lives. */
export interface FunctionRecord {
  name: string;
  runtime: string;
  role: string;
  handler: string;
  description: string;
  timeout: number;
  memorySize: number;
  /** Undefined when the function was never given an `Environment`. */
  environment: Record<string, string> | undefined;
  deadLetterTargetArn: string | undefined;
  tracingMode: string;
  /** Undefined when the function was never given a `VpcConfig`: then GetFunctionConfiguration has none. */
  vpcConfig: FunctionVpcConfig | undefined;
  /** Customer managed key for the environment variables (`KMSKeyArn`); undefined means AWS's own key. */
  kmsKeyArn: string | undefined;
  /** Customer managed key of the uploaded .zip (`Code.SourceKMSKeyArn`), given with each upload. */
  sourceKmsKeyArn: string | undefined;
  architectures: string[];
  ephemeralStorageSize: number;
  logFormat: string;
  logGroup: string;
  packageType: string;
  codeSha256: string;
  codeSize: number;
  /** Folder of the extracted code, relative to the data dir. */
  codeDir: string;
  /** Epoch milliseconds. */
  lastModified: number;
  revisionId: string;
  tags: Record<string, string>;
  /** Reserved concurrent executions; undefined when unset. Not configuration: setting it keeps the revision. */
  reservedConcurrency: number | undefined;
}

/** The subnets and security groups a function is attached to, as given. */
export interface FunctionVpcConfig {
  subnetIds: string[];
  securityGroupIds: string[];
  ipv6AllowedForDualStack: boolean;
}

export interface Page<T> {
  items: T[];
  /** Present when more items follow: pass it back as `after`. */
  next: string | undefined;
}

export interface Store extends AsyncEventStore, EventInvokeConfigStore, LogStore {
  readonly iam: IamStore;
  readonly queues: QueueStore;
  readonly topics: TopicStore;
  readonly eventBuses: EventBusStore;
  readonly functionPolicies: FunctionPolicyStore;
  readonly functionFaults: FunctionFaultStore;
  readonly s3: S3Store;
  createFunction(fn: FunctionRecord): Promise<boolean>;
  getFunction(name: string): Promise<FunctionRecord | undefined>;
  /** Functions in name order, after the name `after`. */
  listFunctions(after: string | undefined, limit: number): Promise<FunctionRecord[]>;
  /**
   * Replaces the stored record if its revision is still `expectedRevisionId`; false when it is not. The stored
   * `reservedConcurrency` is kept: only `setFunctionConcurrency` changes it.
   */
  updateFunction(fn: FunctionRecord, expectedRevisionId: string): Promise<boolean>;
  /** Sets or clears (undefined) the reserved concurrency, nothing else; the record as now stored, undefined if none. */
  setFunctionConcurrency(name: string, reserved: number | undefined): Promise<FunctionRecord | undefined>;
  deleteFunction(name: string): Promise<boolean>;

  close(): Promise<void>;
}
