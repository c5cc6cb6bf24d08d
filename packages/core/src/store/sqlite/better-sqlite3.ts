import { createRequire } from "node:module";
import type { OpenSqliteOptions, SqliteConnection, SqliteStatement, SqlValue } from "./connection.js";

interface BetterDatabase {
  readonly open: boolean;
  exec(sql: string): void;
  prepare(sql: string): SqliteStatement<unknown>;
  function(name: string, options: { deterministic: boolean; varargs: boolean }, fn: (...args: SqlValue[]) => SqlValue): void;
  close(): void;
}

type BetterDatabaseClass = new (path: string, options: { readonly: boolean }) => BetterDatabase;

const requireHere = createRequire(import.meta.url);

/** better-sqlite3 12 (Node 20, or Node 22 before 22.13), or a clear error saying how to install it. */
export function loadBetterSqlite3(): BetterDatabaseClass {
  try {
    return requireHere("better-sqlite3") as BetterDatabaseClass;
  } catch (err) {
    throw new Error(
      `traceloom's local store needs node:sqlite (Node 22.13 or later) or, on Node ${process.versions.node}, the better-sqlite3 package: ` +
        `run \`npm install better-sqlite3@12\` (or upgrade Node). (${(err as Error).message.split("\n")[0]})`,
    );
  }
}

/** Opens `path` with better-sqlite3. */
export function openWithBetterSqlite3(Database: BetterDatabaseClass, path: string, options: OpenSqliteOptions): SqliteConnection {
  const db = new Database(path, { readonly: options.readonly ?? false });
  return {
    binding: "better-sqlite3",
    exec: (sql) => db.exec(sql),
    prepare: <Row>(sql: string) => db.prepare(sql) as SqliteStatement<Row>,
    function: (name, fn) => db.function(name, { deterministic: false, varargs: true }, fn),
    close: () => {
      if (db.open) db.close();
    },
  };
}
