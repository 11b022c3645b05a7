import type Database from 'better-sqlite3';
import type { EventHistoryEntry } from '../async-events.js';

interface HistoryRow {
  at: number;
  kind: EventHistoryEntry['kind'];
  detail: string;
}

/**
 * What happened to an event besides its attempts (its finish, deliveries, redrives), one row per entry with the
 * entry's own members as JSON. Writes run inside the caller's transaction.
 */
export class SqliteEventHistory {
  private readonly insert: Database.Statement;
  private readonly select: Database.Statement;

  constructor(db: Database.Database) {
    this.insert = db.prepare('INSERT INTO async_event_history (event_id, at, kind, detail) VALUES (?, ?, ?, ?)');
    this.select = db.prepare('SELECT at, kind, detail FROM async_event_history WHERE event_id = ? ORDER BY id');
  }

  record(eventId: number, entry: EventHistoryEntry): void {
    const { at, kind, ...detail } = entry;
    this.insert.run(eventId, at, kind, JSON.stringify(detail));
  }

  entriesOf(eventId: number): EventHistoryEntry[] {
    return (this.select.all(eventId) as HistoryRow[]).map((row) => {
      const detail = JSON.parse(row.detail) as Record<string, unknown>;
      // JSON has no undefined: an absent optional member comes back as undefined, as it went in.
      if (row.kind === 'delivery') detail.reason ??= undefined;
      return { ...detail, at: row.at, kind: row.kind } as EventHistoryEntry;
    });
  }
}
