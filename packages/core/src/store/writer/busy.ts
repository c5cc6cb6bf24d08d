/**
 * True for SQLite's "another connection holds the lock" errors (after busy_timeout ran out): worth retrying later,
 * never a reason to drop a trace. better-sqlite3 sets `code` (SQLITE_BUSY, SQLITE_BUSY_SNAPSHOT, SQLITE_LOCKED…);
 * node:sqlite says it in the message.
 */
export function isBusyError(err: unknown): boolean {
  if (typeof err !== "object" || err === null) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === "string" && (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED"))) return true;
  const message = (err as { message?: unknown }).message;
  return typeof message === "string" && /database (table )?is (locked|busy)/i.test(message);
}
