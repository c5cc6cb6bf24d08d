import type { OpenSqliteOptions, SqliteConnection, SqliteStatement, SqlValue } from "./connection.js";

interface DatabaseSync {
  exec(sql: string): void;
  prepare(sql: string): SqliteStatement<unknown>;
  function(name: string, options: { deterministic: boolean; varargs: boolean }, fn: (...args: SqlValue[]) => SqlValue): void;
  close(): void;
}

interface NodeSqliteModule {
  DatabaseSync: new (path: string, options: { readOnly: boolean }) => DatabaseSync;
}

const EXPERIMENTAL_WARNING = "SQLite is an experimental feature";

/**
 * The built-in `node:sqlite` module, or undefined where this Node has none usable without a flag (before 22.13).
 * Node 22 prints an ExperimentalWarning when the module is first loaded; that one warning is dropped here (the store
 * chose the module, the user did not), every other warning passes through.
 */
export function loadNodeSqlite(): NodeSqliteModule | undefined {
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === "string" ? warning : warning.message;
    if (text.startsWith(EXPERIMENTAL_WARNING)) return;
    (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    const mod = process.getBuiltinModule?.("node:sqlite") as NodeSqliteModule | undefined;
    return mod && typeof mod.DatabaseSync === "function" ? mod : undefined;
  } catch {
    return undefined;
  } finally {
    process.emitWarning = emitWarning;
  }
}

/** Opens `path` with `node:sqlite`. */
export function openWithNodeSqlite(mod: NodeSqliteModule, path: string, options: OpenSqliteOptions): SqliteConnection {
  const db = new mod.DatabaseSync(path, { readOnly: options.readonly ?? false });
  return {
    binding: "node:sqlite",
    exec: (sql) => db.exec(sql),
    prepare: <Row>(sql: string) => db.prepare(sql) as SqliteStatement<Row>,
    function: (name, fn) => db.function(name, { deterministic: false, varargs: true }, fn),
    close: () => db.close(),
  };
}
