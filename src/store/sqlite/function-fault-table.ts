import type Database from 'better-sqlite3';
import type { FaultSettings, FunctionFaultStore } from '../function-faults.js';

/** The settings column holds JSON with only the members that are set. */
const toSettings = (column: string): FaultSettings => {
  const stored = JSON.parse(column) as Partial<FaultSettings>;
  return {
    duplicateDelivery: stored.duplicateDelivery,
    throttleOnAttempts: stored.throttleOnAttempts,
    systemErrorOnAttempts: stored.systemErrorOnAttempts,
    addedLatencyMs: stored.addedLatencyMs,
  };
};

/** Fault settings in SQLite: one row per function, as JSON; the functions table's deletes cascade here. */
export class SqliteFunctionFaults implements FunctionFaultStore {
  private readonly select: Database.Statement;
  private readonly upsert: Database.Statement;
  private readonly remove: Database.Statement;

  constructor(db: Database.Database) {
    this.select = db.prepare('SELECT settings FROM function_faults WHERE function_name = ?');
    this.upsert = db.prepare(
      `INSERT INTO function_faults (function_name, settings)
       SELECT @functionName, @settings WHERE EXISTS (SELECT 1 FROM functions WHERE name = @functionName)
       ON CONFLICT (function_name) DO UPDATE SET settings = excluded.settings`,
    );
    this.remove = db.prepare('DELETE FROM function_faults WHERE function_name = ?');
  }

  async getFaults(functionName: string): Promise<FaultSettings | undefined> {
    const row = this.select.get(functionName) as { settings: string } | undefined;
    return row === undefined ? undefined : toSettings(row.settings);
  }

  async putFaults(functionName: string, settings: FaultSettings): Promise<boolean> {
    // JSON.stringify leaves out the members that are undefined.
    return this.upsert.run({ functionName, settings: JSON.stringify(settings) }).changes === 1;
  }

  async deleteFaults(functionName: string): Promise<boolean> {
    return this.remove.run(functionName).changes === 1;
  }
}
