import type Database from 'better-sqlite3';

/**
 * Runs a write with synchronous=NORMAL: durable across a crash of Eventide (not a power loss), with no fsync that
 * stalls the event loop. For writes whose loss to a power cut only means something happens again (at-least-once):
 * logs, the queue's claims, settlements and leases, SQS receives and deletes. Accepting an event or a message, and
 * the functions, keep FULL.
 */
export function relaxedSync<T>(db: Database.Database, write: () => T): T {
  db.pragma('synchronous = NORMAL');
  try {
    return write();
  } finally {
    db.pragma('synchronous = FULL');
  }
}
