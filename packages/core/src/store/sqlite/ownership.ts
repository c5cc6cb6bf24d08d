import type { SqliteConnection } from "./connection.js";
import { APPLICATION_ID, SCHEMA_VERSION } from "./schema.js";
import { TraceStoreFileError } from "./store-errors.js";

/** What a file holds, judged by reading only: nothing is written before this says the file is ours. */
export type StoreKind = { kind: "empty" } | { kind: "current" } | { kind: "older"; version: number };

/** The tables of the schema-1 store (traceloom 0.1), which carried no application ID. */
const SCHEMA_1_TABLES = ["experiments", "spans", "trace_metadata", "trace_tags", "traces"];

function pragmaNumber(db: SqliteConnection, name: string): number {
  const row = db.prepare<Record<string, number>>(`PRAGMA ${name}`).get();
  return Number(row ? Object.values(row)[0] : 0);
}

/**
 * Classifies the file behind `db` without modifying it. Throws a {@link TraceStoreFileError} naming `path` for a
 * file that is not SQLite, not a traceloom store, or written by a newer traceloom.
 */
export function classifyStore(db: SqliteConnection, path: string): StoreKind {
  let appId: number;
  let version: number;
  let tables: string[];
  try {
    // One snapshot for the three reads (a savepoint opens a read transaction, or nests in the caller's): read one by
    // one, a store another connection created between them looked like a foreign file — ID still 0, tables there.
    db.exec("SAVEPOINT classify_store");
    appId = pragmaNumber(db, "application_id");
    version = pragmaNumber(db, "user_version");
    tables = db
      .prepare<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .all()
      .map((r) => r.name);
  } catch (err) {
    const reason = (err as Error).message;
    throw new TraceStoreFileError(path, "not-sqlite", `${path} is not a readable SQLite database (${reason}); traceloom left it untouched`);
  } finally {
    releaseSavepoint(db);
  }
  if (appId === APPLICATION_ID) {
    if (version > SCHEMA_VERSION) {
      throw new TraceStoreFileError(
        path,
        "newer-schema",
        `${path} was written by a newer traceloom (store schema ${version}, this one knows ${SCHEMA_VERSION}); upgrade traceloom to use it. The file was not modified.`,
      );
    }
    return version === SCHEMA_VERSION ? { kind: "current" } : { kind: "older", version };
  }
  if (appId === 0 && version === 0 && tables.length === 0) return { kind: "empty" };
  if (appId === 0 && version === 1 && SCHEMA_1_TABLES.every((t) => tables.includes(t)) && hasColumn(db, "traces", "info_json")) {
    return { kind: "older", version: 1 };
  }
  throw new TraceStoreFileError(
    path,
    "foreign",
    `${path} is a SQLite database that traceloom did not create (tables: ${tables.join(", ") || "none"}); point the tracking URI at another file. It was not modified.`,
  );
}

/** Ends the savepoint of {@link classifyStore}, if it was opened (a file that is not SQLite may refuse even that). */
function releaseSavepoint(db: SqliteConnection): void {
  try {
    db.exec("RELEASE classify_store");
  } catch {
    // never opened: nothing to end
  }
}

function hasColumn(db: SqliteConnection, table: string, column: string): boolean {
  return db.prepare<{ name: string }>(`PRAGMA table_info(${table})`).all().some((c) => c.name === column);
}
