import Database from 'better-sqlite3';
import type {
  FunctionRecord,
  LogEventQuery,
  LogEventRecord,
  LogGroupQuery,
  LogGroupRecord,
  LogGroupTags,
  LogStreamQuery,
  LogStreamRecord,
  NewLogEvent,
  NewLogStream,
  Page,
  Store,
} from '../store.js';
import type {
  AsyncEventHistory,
  AsyncEventQuery,
  AsyncEventRecord,
  AsyncEventView,
  FunctionEventCounts,
  NewAsyncEvent,
  PendingRouting,
  RedriveRequest,
  RedriveResult,
  RoutingCompletion,
  Settlement,
} from '../async-events.js';
import type { EventInvokeConfigRecord } from '../event-invoke-configs.js';
import { SqliteAsyncEvents } from './async-event-tables.js';
import { SqliteEventInvokeConfigs } from './event-invoke-config-table.js';
import { SqliteEventBuses } from './events-tables.js';
import { SqliteFunctionFaults } from './function-fault-table.js';
import { SqliteFunctionPolicies } from './function-policy-table.js';
import { SqliteIam } from './iam-tables.js';
import { SqliteLogs } from './log-tables.js';
import { migrations } from './migrations.js';
import { SqliteS3 } from './s3-tables.js';
import { SqliteTopics } from './sns-tables.js';
import { SqliteQueues } from './sqs-tables.js';
import { relaxedSync } from './relaxed-sync.js';

interface FunctionRow {
  record: string;
  reserved_concurrency: number | null;
}

const toFunction = (row: FunctionRow): FunctionRecord => ({
  ...(JSON.parse(row.record) as Omit<FunctionRecord, 'reservedConcurrency'>),
  reservedConcurrency: row.reserved_concurrency ?? undefined,
});

/** The configuration as the `record` column keeps it: everything but the reservation, which has its own column. */
const recordColumn = (fn: FunctionRecord): string => {
  const { reservedConcurrency, ...configuration } = fn;
  return JSON.stringify(configuration);
};

/** The embedded store: one SQLite file in WAL mode. */
export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly logs: SqliteLogs;
  private readonly asyncEvents: SqliteAsyncEvents;
  private readonly eventInvokeConfigs: SqliteEventInvokeConfigs;
  readonly iam: SqliteIam;
  readonly queues: SqliteQueues;
  readonly topics: SqliteTopics;
  readonly eventBuses: SqliteEventBuses;
  readonly functionPolicies: SqliteFunctionPolicies;
  readonly functionFaults: SqliteFunctionFaults;
  readonly s3: SqliteS3;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // FULL: a write the engine has acknowledged survives power loss, not only a process crash.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.migrate();
    this.logs = new SqliteLogs(this.db);
    this.asyncEvents = new SqliteAsyncEvents(this.db);
    this.eventInvokeConfigs = new SqliteEventInvokeConfigs(this.db);
    this.iam = new SqliteIam(this.db);
    this.queues = new SqliteQueues(this.db);
    this.topics = new SqliteTopics(this.db);
    this.eventBuses = new SqliteEventBuses(this.db);
    this.functionPolicies = new SqliteFunctionPolicies(this.db);
    this.functionFaults = new SqliteFunctionFaults(this.db);
    this.s3 = new SqliteS3(this.db);
  }

  private migrate(): void {
    const current = this.db.pragma('user_version', { simple: true }) as number;
    for (const migration of migrations) {
      if (migration.version <= current) continue;
      this.db.transaction(() => {
        this.db.exec(migration.sql);
        this.db.pragma(`user_version = ${migration.version}`);
      })();
    }
  }

  async createFunction(fn: FunctionRecord): Promise<boolean> {
    const result = this.db
      .prepare('INSERT INTO functions (name, record, reserved_concurrency) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING')
      .run(fn.name, recordColumn(fn), fn.reservedConcurrency ?? null);
    return result.changes === 1;
  }

  async getFunction(name: string): Promise<FunctionRecord | undefined> {
    const row = this.db.prepare('SELECT record, reserved_concurrency FROM functions WHERE name = ?').get(name) as FunctionRow | undefined;
    return row === undefined ? undefined : toFunction(row);
  }

  async listFunctions(after: string | undefined, limit: number): Promise<FunctionRecord[]> {
    const rows = this.db
      .prepare('SELECT record, reserved_concurrency FROM functions WHERE name > ? ORDER BY name LIMIT ?')
      .all(after ?? '', limit) as FunctionRow[];
    return rows.map(toFunction);
  }

  /** Replaces the configuration; the reservation, set apart by PutFunctionConcurrency, stays as stored. */
  async updateFunction(fn: FunctionRecord, expectedRevisionId: string): Promise<boolean> {
    const result = this.db
      .prepare("UPDATE functions SET record = ? WHERE name = ? AND record ->> '$.revisionId' = ?")
      .run(recordColumn(fn), fn.name, expectedRevisionId);
    return result.changes === 1;
  }

  async setFunctionConcurrency(name: string, reserved: number | undefined): Promise<FunctionRecord | undefined> {
    const row = this.db
      .prepare('UPDATE functions SET reserved_concurrency = ? WHERE name = ? RETURNING record, reserved_concurrency')
      .get(reserved ?? null, name) as FunctionRow | undefined;
    return row === undefined ? undefined : toFunction(row);
  }

  async deleteFunction(name: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM functions WHERE name = ?').run(name).changes === 1;
  }

  createLogGroup(name: string, creationTime: number, tags?: LogGroupTags): Promise<boolean> {
    return this.logs.createLogGroup(name, creationTime, tags);
  }

  deleteLogGroup(name: string): Promise<boolean> {
    return this.logs.deleteLogGroup(name);
  }

  getLogGroup(name: string): Promise<LogGroupRecord | undefined> {
    return this.logs.getLogGroup(name);
  }

  listLogGroups(query: LogGroupQuery): Promise<Page<LogGroupRecord>> {
    return this.logs.listLogGroups(query);
  }

  setLogGroupRetention(name: string, retentionInDays: number | undefined): Promise<boolean> {
    return this.logs.setLogGroupRetention(name, retentionInDays);
  }

  getLogGroupTags(name: string): Promise<LogGroupTags | undefined> {
    return this.logs.getLogGroupTags(name);
  }

  setLogGroupTags(name: string, tags: LogGroupTags): Promise<boolean> {
    return this.logs.setLogGroupTags(name, tags);
  }

  createLogStream(stream: NewLogStream): Promise<boolean> {
    return this.logs.createLogStream(stream);
  }

  listLogStreams(query: LogStreamQuery): Promise<Page<LogStreamRecord>> {
    return this.logs.listLogStreams(query);
  }

  appendLogEvents(streams: NewLogStream[], events: NewLogEvent[], ingestionTime: number): Promise<void> {
    return this.logs.appendLogEvents(streams, events, ingestionTime);
  }

  queryLogEvents(query: LogEventQuery): Promise<LogEventRecord[]> {
    return this.logs.queryLogEvents(query);
  }

  deleteExpiredLogEvents(now: number): Promise<number> {
    return this.logs.deleteExpiredLogEvents(now);
  }

  enqueueEvents(events: NewAsyncEvent[]): Promise<void> {
    return this.asyncEvents.enqueueEvents(events);
  }

  claimDueEvents(now: number, leaseUntil: number, limit: number, skipFunctions: string[]): Promise<AsyncEventRecord[]> {
    return relaxedSync(this.db, () => this.asyncEvents.claimDueEvents(now, leaseUntil, limit, skipFunctions));
  }

  settleEvents(settlements: Settlement[]): Promise<void> {
    return relaxedSync(this.db, () => this.asyncEvents.settleEvents(settlements));
  }

  extendLeases(ids: number[], leaseUntil: number): Promise<void> {
    return relaxedSync(this.db, () => this.asyncEvents.extendLeases(ids, leaseUntil));
  }

  requeueExpiredLeases(now: number, engineNow: number): Promise<number> {
    return relaxedSync(this.db, () => this.asyncEvents.requeueExpiredLeases(now, engineNow));
  }

  latestEngineTime(): Promise<number> {
    return this.asyncEvents.latestEngineTime();
  }

  nextDueTime(): Promise<number | undefined> {
    return this.asyncEvents.nextDueTime();
  }

  listEvents(query: AsyncEventQuery): Promise<AsyncEventView[]> {
    return this.asyncEvents.listEvents(query);
  }

  claimRoutings(now: number, leaseUntil: number, limit: number): Promise<PendingRouting[]> {
    return relaxedSync(this.db, () => this.asyncEvents.claimRoutings(now, leaseUntil, limit));
  }

  // A completion lost to a power cut means one more delivery: at-least-once, as for the events themselves.
  completeRoutings(completions: RoutingCompletion[]): Promise<void> {
    return relaxedSync(this.db, () => this.asyncEvents.completeRoutings(completions));
  }

  countEventsByFunction(): Promise<FunctionEventCounts[]> {
    return this.asyncEvents.countEventsByFunction();
  }

  findEvents(requestIds: string[]): Promise<AsyncEventRecord[]> {
    return this.asyncEvents.findEvents(requestIds);
  }

  eventHistory(requestId: string): Promise<AsyncEventHistory | undefined> {
    return this.asyncEvents.eventHistory(requestId);
  }

  // Durable before the answer, like an accept: a redrive the caller was told about survives a crash.
  redriveEvents(request: RedriveRequest): Promise<RedriveResult[]> {
    return this.asyncEvents.redriveEvents(request);
  }

  putEventInvokeConfig(config: EventInvokeConfigRecord): Promise<void> {
    return this.eventInvokeConfigs.putEventInvokeConfig(config);
  }

  getEventInvokeConfig(functionName: string, qualifier: string): Promise<EventInvokeConfigRecord | undefined> {
    return this.eventInvokeConfigs.getEventInvokeConfig(functionName, qualifier);
  }

  deleteEventInvokeConfig(functionName: string, qualifier: string): Promise<boolean> {
    return this.eventInvokeConfigs.deleteEventInvokeConfig(functionName, qualifier);
  }

  listEventInvokeConfigs(functionName: string, afterQualifier: string | undefined, limit: number): Promise<EventInvokeConfigRecord[]> {
    return this.eventInvokeConfigs.listEventInvokeConfigs(functionName, afterQualifier, limit);
  }

  deleteEventInvokeConfigsOf(functionName: string): Promise<void> {
    return this.eventInvokeConfigs.deleteEventInvokeConfigsOf(functionName);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

