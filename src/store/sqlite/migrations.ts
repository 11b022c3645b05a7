/**
 * Numbered, forward-only schema migrations. `PRAGMA user_version` records the last one applied; each runs in
 * its own transaction. Never edit a released migration: add the next number.
 */
export interface Migration {
  version: number;
  sql: string;
}

export const migrations: Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE functions (
        name TEXT PRIMARY KEY,
        record TEXT NOT NULL
      ) STRICT;

      CREATE TABLE log_groups (
        name TEXT PRIMARY KEY,
        creation_time INTEGER NOT NULL,
        retention_days INTEGER
      ) STRICT;

      CREATE TABLE log_streams (
        group_name TEXT NOT NULL REFERENCES log_groups(name) ON DELETE CASCADE,
        name TEXT NOT NULL,
        creation_time INTEGER NOT NULL,
        first_event INTEGER,
        last_event INTEGER,
        last_ingestion INTEGER,
        stored_bytes INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (group_name, name)
      ) STRICT;

      CREATE TABLE log_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        group_name TEXT NOT NULL,
        stream_name TEXT NOT NULL,
        timestamp INTEGER NOT NULL,
        ingestion_time INTEGER NOT NULL,
        message TEXT NOT NULL
      ) STRICT;
      CREATE INDEX log_events_by_stream ON log_events(group_name, stream_name, timestamp, id);
      CREATE INDEX log_events_by_group ON log_events(group_name, timestamp, id);
    `,
  },
  {
    version: 2,
    sql: `
      CREATE TABLE async_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        request_id TEXT NOT NULL UNIQUE,
        function_name TEXT NOT NULL,
        qualifier TEXT NOT NULL,
        payload BLOB NOT NULL,
        enqueued_at INTEGER NOT NULL,
        state TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        backoffs INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        lease_until INTEGER,
        condition TEXT,
        last_error_type TEXT,
        response BLOB,
        finished_at INTEGER
      ) STRICT;
      -- The claim index holds only claimable rows, so it stays small however many events have finished.
      CREATE INDEX async_events_due ON async_events(next_attempt_at, id) WHERE state = 'queued';
      CREATE INDEX async_events_leased ON async_events(lease_until) WHERE state = 'running';
      CREATE INDEX async_events_by_function ON async_events(function_name, id);

      CREATE TABLE async_attempts (
        event_id INTEGER NOT NULL REFERENCES async_events(id) ON DELETE CASCADE,
        started_at INTEGER NOT NULL,
        ended_at INTEGER NOT NULL,
        outcome TEXT NOT NULL,
        error_type TEXT
      ) STRICT;
      CREATE INDEX async_attempts_by_event ON async_attempts(event_id);
    `,
  },
  {
    version: 3,
    sql: `
      CREATE TABLE event_invoke_configs (
        function_name TEXT NOT NULL,
        qualifier TEXT NOT NULL,
        maximum_retry_attempts INTEGER,
        maximum_event_age INTEGER,
        on_success TEXT,
        on_failure TEXT,
        last_modified INTEGER NOT NULL,
        PRIMARY KEY (function_name, qualifier)
      ) STRICT;
    `,
  },
  {
    version: 4,
    sql: `
      -- Reserved concurrency is set apart from the rest of a function's configuration (PutFunctionConcurrency),
      -- so it has its own column and configuration updates cannot overwrite it.
      ALTER TABLE functions ADD COLUMN reserved_concurrency INTEGER;
      UPDATE functions SET reserved_concurrency = record ->> '$.reservedConcurrency', record = json_remove(record, '$.reservedConcurrency');
    `,
  },
  // Reserved for issue 4, filled in by the SQS, SNS and IAM stores (in this order).
  { version: 5, sql: '-- SQS' },
  { version: 6, sql: '-- SNS' },
  { version: 7, sql: '-- IAM' },
];
