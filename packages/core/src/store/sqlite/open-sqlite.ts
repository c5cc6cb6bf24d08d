import { loadBetterSqlite3, openWithBetterSqlite3 } from "./better-sqlite3.js";
import type { OpenSqliteOptions, SqliteConnection } from "./connection.js";
import { loadNodeSqlite, openWithNodeSqlite } from "./node-sqlite.js";

let nodeSqlite: ReturnType<typeof loadNodeSqlite> | null = null;

/**
 * Opens a SQLite file with the binding this Node offers: the built-in `node:sqlite` from Node 22.13 on (nothing to
 * install or compile), else better-sqlite3 12, which Node 20 users install themselves. Chosen on measurement: both
 * are as fast on the store's work (bench/src/sqlite-binding.mjs).
 */
export function openSqlite(path: string, options: OpenSqliteOptions = {}): SqliteConnection {
  if (nodeSqlite === null) nodeSqlite = loadNodeSqlite();
  if (nodeSqlite) return openWithNodeSqlite(nodeSqlite, path, options);
  return openWithBetterSqlite3(loadBetterSqlite3(), path, options);
}
