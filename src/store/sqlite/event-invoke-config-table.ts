import type Database from 'better-sqlite3';
import type { DestinationRecord, EventInvokeConfigRecord, EventInvokeConfigStore } from '../event-invoke-configs.js';

interface ConfigRow {
  function_name: string;
  qualifier: string;
  maximum_retry_attempts: number | null;
  maximum_event_age: number | null;
  on_success: string | null;
  on_failure: string | null;
  last_modified: number;
}

/** A destination column holds NULL (none), or JSON: `{}` for a destination given without an ARN. */
const destinationColumn = (destination: DestinationRecord | undefined): string | null =>
  destination === undefined ? null : JSON.stringify(destination);

function destinationOf(column: string | null): DestinationRecord | undefined {
  if (column === null) return undefined;
  const stored = JSON.parse(column) as { destination?: string };
  return { destination: stored.destination };
}

const toConfig = (row: ConfigRow): EventInvokeConfigRecord => ({
  functionName: row.function_name,
  qualifier: row.qualifier,
  maximumRetryAttempts: row.maximum_retry_attempts ?? undefined,
  maximumEventAgeInSeconds: row.maximum_event_age ?? undefined,
  onSuccess: destinationOf(row.on_success),
  onFailure: destinationOf(row.on_failure),
  lastModified: row.last_modified,
});

/** Event-invoke configs in SQLite: one row per function and qualifier. */
export class SqliteEventInvokeConfigs implements EventInvokeConfigStore {
  private readonly upsert: Database.Statement;
  private readonly select: Database.Statement;
  private readonly remove: Database.Statement;
  private readonly list: Database.Statement;
  private readonly removeAllOf: Database.Statement;

  constructor(db: Database.Database) {
    this.upsert = db.prepare(
      `INSERT INTO event_invoke_configs
         (function_name, qualifier, maximum_retry_attempts, maximum_event_age, on_success, on_failure, last_modified)
       VALUES (@functionName, @qualifier, @maximumRetryAttempts, @maximumEventAge, @onSuccess, @onFailure, @lastModified)
       ON CONFLICT (function_name, qualifier) DO UPDATE SET
         maximum_retry_attempts = excluded.maximum_retry_attempts, maximum_event_age = excluded.maximum_event_age,
         on_success = excluded.on_success, on_failure = excluded.on_failure, last_modified = excluded.last_modified`,
    );
    this.select = db.prepare('SELECT * FROM event_invoke_configs WHERE function_name = ? AND qualifier = ?');
    this.remove = db.prepare('DELETE FROM event_invoke_configs WHERE function_name = ? AND qualifier = ?');
    this.list = db.prepare('SELECT * FROM event_invoke_configs WHERE function_name = ? AND qualifier > ? ORDER BY qualifier LIMIT ?');
    this.removeAllOf = db.prepare('DELETE FROM event_invoke_configs WHERE function_name = ?');
  }

  async putEventInvokeConfig(config: EventInvokeConfigRecord): Promise<void> {
    this.upsert.run({
      functionName: config.functionName,
      qualifier: config.qualifier,
      maximumRetryAttempts: config.maximumRetryAttempts ?? null,
      maximumEventAge: config.maximumEventAgeInSeconds ?? null,
      onSuccess: destinationColumn(config.onSuccess),
      onFailure: destinationColumn(config.onFailure),
      lastModified: config.lastModified,
    });
  }

  async getEventInvokeConfig(functionName: string, qualifier: string): Promise<EventInvokeConfigRecord | undefined> {
    const row = this.select.get(functionName, qualifier) as ConfigRow | undefined;
    return row === undefined ? undefined : toConfig(row);
  }

  async deleteEventInvokeConfig(functionName: string, qualifier: string): Promise<boolean> {
    return this.remove.run(functionName, qualifier).changes === 1;
  }

  async listEventInvokeConfigs(functionName: string, afterQualifier: string | undefined, limit: number): Promise<EventInvokeConfigRecord[]> {
    const rows = this.list.all(functionName, afterQualifier ?? '', limit) as ConfigRow[];
    return rows.map(toConfig);
  }

  async deleteEventInvokeConfigsOf(functionName: string): Promise<void> {
    this.removeAllOf.run(functionName);
  }
}
