import { SqliteTraceStore, type TraceStore } from "@traceloom/core";

/**
 * Runs `write` on a store open for writing: a SQLite store is opened again for writing just for this change and
 * closed after it (the viewer and its query workers only read), a memory store is written as it is.
 */
export function withWritableStore<T>(store: TraceStore, write: (writable: TraceStore) => T): T {
  if (!(store instanceof SqliteTraceStore)) return write(store);
  const writable = new SqliteTraceStore(store.path, { mustExist: true });
  try {
    return write(writable);
  } finally {
    writable.close();
  }
}
