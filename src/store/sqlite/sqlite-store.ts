import Database from 'better-sqlite3';
import type {
  FunctionRecord,
  LogEventQuery,
  LogEventRecord,
  LogGroupQuery,
  LogGroupRecord,
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
import { migrations } from './migrations.js';
import { SqliteS3 } from './s3-tables.js';
import { SqliteTopics } from './sns-tables.js';
import { SqliteQueues } from './sqs-tables.js';
import { relaxedSync } from './relaxed-sync.js';

interface LogGroupRow {
  name: string;
  creation_time: number;
  retention_days: number | null;
  stored_bytes: number;
}

interface LogStreamRow {
  group_name: string;
  name: string;
  creation_time: number;
  first_event: number | null;
  last_event: number | null;
  last_ingestion: number | null;
  stored_bytes: number;
}

interface LogEventRow {
  id: number;
  stream_name: string;
  timestamp: number;
  ingestion_time: number;
  message: string;
}

const orUndefined = <T>(value: T | null): T | undefined => (value === null ? undefined : value);

const toLogGroup = (row: LogGroupRow): LogGroupRecord => ({
  name: row.name,
  creationTime: row.creation_time,
  retentionInDays: orUndefined(row.retention_days),
  storedBytes: row.stored_bytes,
});

const toLogStream = (row: LogStreamRow): LogStreamRecord => ({
  groupName: row.group_name,
  name: row.name,
  creationTime: row.creation_time,
  firstEventTimestamp: orUndefined(row.first_event),
  lastEventTimestamp: orUndefined(row.last_event),
  lastIngestionTime: orUndefined(row.last_ingestion),
  storedBytes: row.stored_bytes,
});

const toLogEvent = (row: LogEventRow): LogEventRecord => ({
  id: row.id,
  streamName: row.stream_name,
  timestamp: row.timestamp,
  ingestionTime: row.ingestion_time,
  message: row.message,
});

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

interface StreamTouch {
  group: string;
  stream: string;
  first: number;
  last: number;
  bytes: number;
}

/** The embedded store: one SQLite file in WAL mode. */
export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly logStatements: ReturnType<typeof prepareLogStatements>;
  private readonly asyncEvents: SqliteAsyncEvents;
  private readonly eventInvokeConfigs: SqliteEventInvokeConfigs;
  readonly iam: SqliteIam;
  readonly queues: SqliteQueues;
  readonly topics: SqliteTopics;
  readonly eventBuses: SqliteEventBuses;
  readonly functionPolicies: SqliteFunctionPolicies;
  readonly functionFaults: SqliteFunctionFaults;
  readonly s3: SqliteS3;
  private readonly appendLogBatch: (streams: NewLogStream[], events: NewLogEvent[], ingestionTime: number) => void;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // FULL: a write the engine has acknowledged survives power loss, not only a process crash.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.migrate();
    this.logStatements = prepareLogStatements(this.db);
    this.asyncEvents = new SqliteAsyncEvents(this.db);
    this.eventInvokeConfigs = new SqliteEventInvokeConfigs(this.db);
    this.iam = new SqliteIam(this.db);
    this.queues = new SqliteQueues(this.db);
    this.topics = new SqliteTopics(this.db);
    this.eventBuses = new SqliteEventBuses(this.db);
    this.functionPolicies = new SqliteFunctionPolicies(this.db);
    this.functionFaults = new SqliteFunctionFaults(this.db);
    this.s3 = new SqliteS3(this.db);
    this.appendLogBatch = this.db.transaction((streams: NewLogStream[], events: NewLogEvent[], ingestionTime: number) => {
      const statements = this.logStatements;
      const touched = new Map<string, StreamTouch>();
      for (const event of events) {
        const { groupName, streamName, timestamp, message } = event;
        statements.insertEvent.run(groupName, streamName, timestamp, ingestionTime, message);
        const key = `${groupName}\u0000${streamName}`;
        const entry = touched.get(key);
        if (entry === undefined) {
          touched.set(key, { group: groupName, stream: streamName, first: timestamp, last: timestamp, bytes: Buffer.byteLength(message) });
        } else {
          entry.first = Math.min(entry.first, timestamp);
          entry.last = Math.max(entry.last, timestamp);
          entry.bytes += Buffer.byteLength(message);
        }
      }
      // As on Lambda, a group or stream deleted while a function still writes to it is created again.
      for (const stream of streams) {
        statements.insertGroup.run(stream.groupName, stream.creationTime);
        statements.insertStream.run(stream.groupName, stream.name, stream.creationTime);
      }
      for (const entry of touched.values()) {
        statements.insertGroup.run(entry.group, entry.first);
        statements.insertStream.run(entry.group, entry.stream, entry.first);
        statements.touchStream.run({ ...entry, ingestion: ingestionTime });
      }
    });
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

  async createLogGroup(name: string, creationTime: number): Promise<boolean> {
    const result = this.db
      .prepare('INSERT INTO log_groups (name, creation_time) VALUES (?, ?) ON CONFLICT (name) DO NOTHING')
      .run(name, creationTime);
    return result.changes === 1;
  }

  async deleteLogGroup(name: string): Promise<boolean> {
    return this.db.transaction(() => {
      this.db.prepare('DELETE FROM log_events WHERE group_name = ?').run(name);
      this.db.prepare('DELETE FROM log_streams WHERE group_name = ?').run(name);
      return this.db.prepare('DELETE FROM log_groups WHERE name = ?').run(name).changes === 1;
    })();
  }

  async getLogGroup(name: string): Promise<LogGroupRecord | undefined> {
    const row = this.db.prepare(`${SELECT_LOG_GROUPS} WHERE g.name = ?`).get(name) as LogGroupRow | undefined;
    return row === undefined ? undefined : toLogGroup(row);
  }

  async listLogGroups(query: LogGroupQuery): Promise<Page<LogGroupRecord>> {
    const rows = this.db
      .prepare(`${SELECT_LOG_GROUPS} WHERE g.name > ? AND substr(g.name, 1, ?) = ? ORDER BY g.name LIMIT ?`)
      .all(query.after ?? '', (query.prefix ?? '').length, query.prefix ?? '', query.limit + 1) as LogGroupRow[];
    return pageOf(rows.map(toLogGroup), query.limit, (group) => group.name);
  }

  async createLogStream(stream: NewLogStream): Promise<boolean> {
    const result = this.db
      .prepare(
        'INSERT INTO log_streams (group_name, name, creation_time) VALUES (?, ?, ?) ON CONFLICT (group_name, name) DO NOTHING',
      )
      .run(stream.groupName, stream.name, stream.creationTime);
    return result.changes === 1;
  }

  async listLogStreams(query: LogStreamQuery): Promise<Page<LogStreamRecord>> {
    const prefix = query.prefix ?? '';
    const direction = query.descending ? 'DESC' : 'ASC';
    const rows =
      query.orderBy === 'LogStreamName'
        ? (this.db
            .prepare(
              `SELECT * FROM log_streams WHERE group_name = ? AND substr(name, 1, ?) = ?
                 AND (? IS NULL OR name ${query.descending ? '<' : '>'} ?)
               ORDER BY name ${direction} LIMIT ?`,
            )
            .all(query.groupName, prefix.length, prefix, query.after ?? null, query.after ?? null, query.limit + 1) as LogStreamRow[])
        : this.listStreamsByLastEvent(query);
    return pageOf(rows.map(toLogStream), query.limit, (stream) =>
      query.orderBy === 'LogStreamName' ? stream.name : `${stream.lastEventTimestamp ?? 0}:${stream.name}`,
    );
  }

  private listStreamsByLastEvent(query: LogStreamQuery): LogStreamRow[] {
    const [afterTime, afterName] = splitEventTimeCursor(query.after);
    const comparison = query.descending ? '<' : '>';
    const direction = query.descending ? 'DESC' : 'ASC';
    return this.db
      .prepare(
        `SELECT * FROM log_streams WHERE group_name = ?
           AND (? IS NULL OR (coalesce(last_event, 0), name) ${comparison} (?, ?))
         ORDER BY coalesce(last_event, 0) ${direction}, name ${direction} LIMIT ?`,
      )
      .all(query.groupName, afterTime, afterTime, afterName, query.limit + 1) as LogStreamRow[];
  }

  async appendLogEvents(streams: NewLogStream[], events: NewLogEvent[], ingestionTime: number): Promise<void> {
    relaxedSync(this.db, () => this.appendLogBatch(streams, events, ingestionTime));
  }

  async queryLogEvents(query: LogEventQuery): Promise<LogEventRecord[]> {
    const conditions = ['group_name = ?'];
    const params: (string | number)[] = [query.groupName];
    if (query.streamNames !== undefined) {
      conditions.push(`stream_name IN (${query.streamNames.map(() => '?').join(', ')})`);
      params.push(...query.streamNames);
    }
    const bounds: [string, number | undefined][] = [
      ['timestamp >= ?', query.startTime],
      ['timestamp < ?', query.endTime],
      ['id > ?', query.afterId],
      ['id < ?', query.beforeId],
    ];
    for (const [condition, value] of bounds) {
      if (value === undefined) continue;
      conditions.push(condition);
      params.push(value);
    }
    const direction = query.fromHead ? 'ASC' : 'DESC';
    const rows = this.db
      .prepare(
        `SELECT id, stream_name, timestamp, ingestion_time, message FROM log_events
         WHERE ${conditions.join(' AND ')} ORDER BY id ${direction} LIMIT ?`,
      )
      .all(...params, query.limit) as LogEventRow[];
    if (!query.fromHead) rows.reverse();
    return rows.map(toLogEvent);
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

const SELECT_LOG_GROUPS = `SELECT g.name, g.creation_time, g.retention_days,
  coalesce((SELECT sum(s.stored_bytes) FROM log_streams s WHERE s.group_name = g.name), 0) AS stored_bytes
  FROM log_groups g`;

/** Rows were fetched with `limit + 1`: the extra one tells that another page follows. */
function pageOf<T>(items: T[], limit: number, cursorOf: (item: T) => string): Page<T> {
  if (items.length <= limit) return { items, next: undefined };
  const page = items.slice(0, limit);
  return { items: page, next: cursorOf(page[page.length - 1] as T) };
}

function splitEventTimeCursor(cursor: string | undefined): [number | null, string | null] {
  if (cursor === undefined) return [null, null];
  const colon = cursor.indexOf(':');
  return [Number(cursor.slice(0, colon)), cursor.slice(colon + 1)];
}

function prepareLogStatements(db: Database.Database) {
  return {
    insertGroup: db.prepare('INSERT INTO log_groups (name, creation_time) VALUES (?, ?) ON CONFLICT (name) DO NOTHING'),
    insertStream: db.prepare(
      'INSERT INTO log_streams (group_name, name, creation_time) VALUES (?, ?, ?) ON CONFLICT (group_name, name) DO NOTHING',
    ),
    insertEvent: db.prepare('INSERT INTO log_events (group_name, stream_name, timestamp, ingestion_time, message) VALUES (?, ?, ?, ?, ?)'),
    touchStream: db.prepare(
      `UPDATE log_streams SET
         first_event = min(coalesce(first_event, @first), @first),
         last_event = max(coalesce(last_event, @last), @last),
         last_ingestion = @ingestion,
         stored_bytes = stored_bytes + @bytes
       WHERE group_name = @group AND name = @stream`,
    ),
  };
}
