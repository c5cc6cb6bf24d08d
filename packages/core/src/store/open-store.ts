import { MemoryTraceStore } from "./memory-store.js";
import { SqliteTraceStore, type SqliteStoreOptions } from "./sqlite-store.js";
import { parseTrackingUri } from "./tracking-uri.js";
import type { TraceStore } from "./trace-store.js";

/**
 * Opens the store a tracking URI names (for tools such as the CLI and viewer that read traces another process
 * wrote). Remote URIs are rejected with a clear error.
 */
export function openTraceStore(uri: string, options: SqliteStoreOptions = {}): TraceStore {
  const target = parseTrackingUri(uri);
  if (target.kind === "memory") return new MemoryTraceStore();
  if (target.kind === "remote") throw new Error(`"${uri}" is a remote tracking server, not a local trace store`);
  return new SqliteTraceStore(target.path, options);
}
