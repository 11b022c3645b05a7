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
];
