import type { AsyncEventStore } from './async-events.js';
import type { EventInvokeConfigStore } from './event-invoke-configs.js';
import type { EventBusStore } from './events.js';
import type { FunctionFaultStore } from './function-faults.js';
import type { FunctionPolicyStore } from './function-policies.js';
import type { IamStore } from './iam.js';
import type { S3Store } from './s3.js';
import type { TopicStore } from './sns.js';
import type { QueueStore } from './sqs.js';

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

export interface LogGroupRecord {
  name: string;
  creationTime: number;
  retentionInDays: number | undefined;
  storedBytes: number;
}

export interface LogStreamRecord {
  groupName: string;
  name: string;
  creationTime: number;
  firstEventTimestamp: number | undefined;
  lastEventTimestamp: number | undefined;
  lastIngestionTime: number | undefined;
  storedBytes: number;
}

export interface LogEventRecord {
  /** Store-assigned, increasing in insertion order; the basis of pagination tokens. */
  id: number;
  streamName: string;
  timestamp: number;
  ingestionTime: number;
  message: string;
}

export interface NewLogEvent {
  groupName: string;
  streamName: string;
  timestamp: number;
  message: string;
}

export interface NewLogStream {
  groupName: string;
  name: string;
  creationTime: number;
}

export interface Page<T> {
  items: T[];
  /** Present when more items follow: pass it back as `after`. */
  next: string | undefined;
}

export interface LogGroupQuery {
  prefix: string | undefined;
  after: string | undefined;
  limit: number;
}

export interface LogStreamQuery {
  groupName: string;
  prefix: string | undefined;
  orderBy: 'LogStreamName' | 'LastEventTime';
  descending: boolean;
  after: string | undefined;
  limit: number;
}

export interface LogEventQuery {
  groupName: string;
  /** Undefined: every stream of the group. */
  streamNames: string[] | undefined;
  startTime: number | undefined;
  /** Exclusive, as in the Logs API. */
  endTime: number | undefined;
  /** Oldest first when true; when false the newest `limit` events are returned, still oldest first. */
  fromHead: boolean;
  /** Only events with an id above this (forward paging) … */
  afterId: number | undefined;
  /** … or below this (backward paging). */
  beforeId: number | undefined;
  limit: number;
}

export interface Store extends AsyncEventStore, EventInvokeConfigStore {
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

  createLogGroup(name: string, creationTime: number): Promise<boolean>;
  deleteLogGroup(name: string): Promise<boolean>;
  getLogGroup(name: string): Promise<LogGroupRecord | undefined>;
  listLogGroups(query: LogGroupQuery): Promise<Page<LogGroupRecord>>;
  createLogStream(stream: NewLogStream): Promise<boolean>;
  listLogStreams(query: LogStreamQuery): Promise<Page<LogStreamRecord>>;
  /** One transaction: appends the events, creating their groups and streams where missing. */
  appendLogEvents(streams: NewLogStream[], events: NewLogEvent[], ingestionTime: number): Promise<void>;
  queryLogEvents(query: LogEventQuery): Promise<LogEventRecord[]>;

  close(): Promise<void>;
}
