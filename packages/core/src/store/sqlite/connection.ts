/** A value SQLite binds or returns through either binding. */
export type SqlValue = string | number | bigint | null | Uint8Array;

/** A prepared statement, as both bindings shape it. */
export interface SqliteStatement<Row = Record<string, SqlValue>> {
  all(...params: SqlValue[]): Row[];
  get(...params: SqlValue[]): Row | undefined;
  run(...params: SqlValue[]): { changes: number | bigint; lastInsertRowid: number | bigint };
}

/**
 * One connection to a SQLite file: the part of `node:sqlite`'s DatabaseSync and better-sqlite3's Database the store
 * uses. Everything in the store goes through this, so the binding is chosen in one place ({@link openSqlite}).
 */
export interface SqliteConnection {
  /** Which binding this is: "node:sqlite" or "better-sqlite3". */
  readonly binding: string;
  exec(sql: string): void;
  prepare<Row = Record<string, SqlValue>>(sql: string): SqliteStatement<Row>;
  /** Registers a scalar SQL function (not deterministic: called for every row). */
  function(name: string, fn: (...args: SqlValue[]) => SqlValue): void;
  close(): void;
}

/** How to open a connection. */
export interface OpenSqliteOptions {
  readonly?: boolean;
}
