import type { SqliteConnection } from "./connection.js";

/**
 * Runs `fn` in a write transaction. IMMEDIATE: the write lock is taken (waiting up to busy_timeout) before anything
 * is read; a deferred transaction that read first fails at once with SQLITE_BUSY(_SNAPSHOT) when another process or
 * thread wrote meanwhile.
 */
export function writeTransaction<T>(db: SqliteConnection, fn: () => T): T {
  db.exec("BEGIN IMMEDIATE");
  try {
    const result = fn();
    db.exec("COMMIT");
    return result;
  } catch (err) {
    try {
      db.exec("ROLLBACK");
    } catch {
      // SQLite already rolled back (e.g. after SQLITE_FULL); the original error is what matters
    }
    throw err;
  }
}
