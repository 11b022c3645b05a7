import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/** Another running Eventide holds the data dir. */
export class DataDirInUse extends Error {
  constructor(dataDir: string, holder: LockHolder | undefined) {
    const who = holder === undefined ? 'another Eventide' : `another Eventide (pid ${holder.pid}${holder.url === undefined ? '' : `, ${holder.url}`})`;
    super(`the data dir ${dataDir} is in use by ${who}; stop it or start this one with another --data-dir`);
    this.name = 'DataDirInUse';
  }
}

/** Who holds the lock, as the holder wrote it down for whoever is refused. */
interface LockHolder {
  pid: number;
  url: string | undefined;
}

/**
 * One Eventide per data dir. Node has no flock(2), so the lock is SQLite's: an exclusive transaction on
 * `eventide.lock`, held open for the life of the process. It is an OS file lock, so the kernel drops it when
 * the process dies, even by `kill -9`, and a stale lock never blocks the next start. The holder's pid and URL
 * sit beside it in `eventide.lock.json` for the message a refused start prints.
 */
export class DataDirLock {
  private constructor(
    private readonly db: Database.Database,
    private readonly holderFile: string,
  ) {}

  /** Takes the data dir's lock, or throws `DataDirInUse` naming its holder. The dir must exist. */
  static acquire(dataDir: string): DataDirLock {
    const db = new Database(path.join(dataDir, 'eventide.lock'), { timeout: 0 });
    const holderFile = path.join(dataDir, 'eventide.lock.json');
    try {
      db.exec('BEGIN EXCLUSIVE');
    } catch (error) {
      db.close();
      if ((error as { code?: string }).code === 'SQLITE_BUSY') throw new DataDirInUse(dataDir, readHolder(holderFile));
      throw error;
    }
    const lock = new DataDirLock(db, holderFile);
    lock.describe(undefined);
    return lock;
  }

  /** Writes down this process (and, once it listens, its URL) for a start this lock refuses. */
  describe(url: string | undefined): void {
    const holder: LockHolder = { pid: process.pid, url };
    writeFileSync(this.holderFile, `${JSON.stringify(holder)}\n`);
  }

  release(): void {
    if (!this.db.open) return;
    rmSync(this.holderFile, { force: true });
    this.db.close();
  }
}

function readHolder(file: string): LockHolder | undefined {
  try {
    const holder = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockHolder>;
    return typeof holder.pid === 'number' ? { pid: holder.pid, url: typeof holder.url === 'string' ? holder.url : undefined } : undefined;
  } catch {
    // Not written yet (the holder is starting), or left half-written: the refusal names no one.
    return undefined;
  }
}
