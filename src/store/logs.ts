import type { Page } from './store.js';

/** CloudWatch Logs as the Store keeps it: log groups (with retention and tags), their streams and events. */

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

/** Tags of a log group, key to value. */
export type LogGroupTags = Record<string, string>;

export interface LogStore {
  /** False when a group of that name exists (it is left as it was). */
  createLogGroup(name: string, creationTime: number, tags?: LogGroupTags): Promise<boolean>;
  deleteLogGroup(name: string): Promise<boolean>;
  getLogGroup(name: string): Promise<LogGroupRecord | undefined>;
  listLogGroups(query: LogGroupQuery): Promise<Page<LogGroupRecord>>;
  /** Sets the group's retention in days, or clears it (undefined); false when there is no such group. */
  setLogGroupRetention(name: string, retentionInDays: number | undefined): Promise<boolean>;
  /** The group's tags; undefined when there is no such group. */
  getLogGroupTags(name: string): Promise<LogGroupTags | undefined>;
  /** Replaces the group's tags; false when there is no such group. */
  setLogGroupTags(name: string, tags: LogGroupTags): Promise<boolean>;
  createLogStream(stream: NewLogStream): Promise<boolean>;
  listLogStreams(query: LogStreamQuery): Promise<Page<LogStreamRecord>>;
  /** One transaction: appends the events, creating their groups and streams where missing. */
  appendLogEvents(streams: NewLogStream[], events: NewLogEvent[], ingestionTime: number): Promise<void>;
  queryLogEvents(query: LogEventQuery): Promise<LogEventRecord[]>;
  /**
   * Deletes the events of every group with a retention that are older than it at `now` (epoch ms: timestamp below
   * `now - retentionInDays` days), their streams' stored bytes following; how many were deleted.
   */
  deleteExpiredLogEvents(now: number): Promise<number>;
}
