import type Database from 'better-sqlite3';
import type {
  LogEventQuery,
  LogEventRecord,
  LogGroupQuery,
  LogGroupRecord,
  LogGroupTags,
  LogStore,
  LogStreamQuery,
  LogStreamRecord,
  NewLogEvent,
  NewLogStream,
} from '../logs.js';
import type { Page } from '../store.js';
import { relaxedSync } from './relaxed-sync.js';

const DAY_MS = 24 * 60 * 60 * 1000;

const orUndefined = <T>(value: T | null): T | undefined => (value === null ? undefined : value);

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

interface StreamTouch {
  group: string;
  stream: string;
  first: number;
  last: number;
  bytes: number;
}

/** CloudWatch Logs' tables: log groups (retention, tags), streams and events. */
export class SqliteLogs implements LogStore {
  private readonly statements: ReturnType<typeof prepareLogStatements>;
  private readonly appendBatch: (streams: NewLogStream[], events: NewLogEvent[], ingestionTime: number) => void;

  constructor(private readonly db: Database.Database) {
    this.statements = prepareLogStatements(db);
    this.appendBatch = this.db.transaction((streams: NewLogStream[], events: NewLogEvent[], ingestionTime: number) => {
      const statements = this.statements;
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

  async createLogGroup(name: string, creationTime: number, tags: LogGroupTags = {}): Promise<boolean> {
    const result = this.db
      .prepare('INSERT INTO log_groups (name, creation_time, tags) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING')
      .run(name, creationTime, JSON.stringify(tags));
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
    relaxedSync(this.db, () => this.appendBatch(streams, events, ingestionTime));
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

  async setLogGroupRetention(name: string, retentionInDays: number | undefined): Promise<boolean> {
    return this.db.prepare('UPDATE log_groups SET retention_days = ? WHERE name = ?').run(retentionInDays ?? null, name).changes === 1;
  }

  async getLogGroupTags(name: string): Promise<LogGroupTags | undefined> {
    const row = this.db.prepare('SELECT tags FROM log_groups WHERE name = ?').get(name) as { tags: string } | undefined;
    return row === undefined ? undefined : (JSON.parse(row.tags) as LogGroupTags);
  }

  async setLogGroupTags(name: string, tags: LogGroupTags): Promise<boolean> {
    return this.db.prepare('UPDATE log_groups SET tags = ? WHERE name = ?').run(JSON.stringify(tags), name).changes === 1;
  }

  // One group at a time, each in its own transaction, so a large sweep never holds the write lock long. A deletion
  // lost to a power cut is done again by the next sweep.
  async deleteExpiredLogEvents(now: number): Promise<number> {
    const groups = this.db.prepare('SELECT name, retention_days FROM log_groups WHERE retention_days IS NOT NULL').all() as {
      name: string;
      retention_days: number;
    }[];
    let deleted = 0;
    for (const group of groups) {
      deleted += relaxedSync(this.db, () =>
        this.db.transaction(() => {
          const changes = this.statements.deleteEventsBefore.run(group.name, now - group.retention_days * DAY_MS).changes;
          if (changes > 0) this.statements.recountStoredBytes.run(group.name);
          return changes;
        })(),
      );
    }
    return deleted;
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
    deleteEventsBefore: db.prepare('DELETE FROM log_events WHERE group_name = ? AND timestamp < ?'),
    recountStoredBytes: db.prepare(
      `UPDATE log_streams SET stored_bytes = coalesce(
         (SELECT sum(length(CAST(e.message AS BLOB))) FROM log_events e WHERE e.group_name = log_streams.group_name AND e.stream_name = log_streams.name), 0)
       WHERE group_name = ?`,
    ),
  };
}
