import { createRequire } from "node:module";
import type BetterSqlite3 from "better-sqlite3";

const requireHere = createRequire(import.meta.url);

/** The better-sqlite3 `Database` class. */
export type SqliteDatabaseClass = typeof BetterSqlite3;

let driver: SqliteDatabaseClass | undefined;

/**
 * better-sqlite3, in the build that is safe on this Node: 13.x (Node-API, prebuilt) from Node 22 on — 12.x aborts a
 * Node 24 process when a worker thread that used SQLite exits — and 12.x (compiled) on Node 20, where 13.x crashes.
 */
export function sqliteDriver(): SqliteDatabaseClass {
  if (!driver) {
    const major = Number(process.versions.node.split(".")[0]);
    driver = requireHere(major >= 22 ? "better-sqlite3-napi" : "better-sqlite3") as SqliteDatabaseClass;
  }
  return driver;
}
