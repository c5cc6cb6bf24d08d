import type { SpanJSON } from "../../entities/span.js";
import type { TraceInfoJSON } from "../../entities/trace-info.js";
import type { SqliteConnection } from "./connection.js";
import type { TraceJSON } from "../../entities/trace.js";
import { unpackJson } from "./payload-codec.js";
import { APPLICATION_ID, SCHEMA_3_SQL, SCHEMA_SQL, SCHEMA_VERSION } from "./schema.js";
import { TraceRows } from "./trace-rows.js";

/**
 * Schema 1 (traceloom 0.1: JSON text in `traces.info_json` and one `spans` row per span) → the current schema.
 * Every trace is read back as JSON and written again through {@link TraceRows}, so the new layout is derived exactly
 * as for new writes. Runs inside the caller's write transaction: a failure leaves the file at schema 1.
 */
function fromSchema1(db: SqliteConnection): void {
  db.exec(`
    DROP INDEX IF EXISTS traces_by_experiment_time; DROP INDEX IF EXISTS traces_by_time;
    DROP INDEX IF EXISTS spans_by_name; DROP INDEX IF EXISTS spans_by_type;
    ALTER TABLE traces RENAME TO v1_traces; ALTER TABLE spans RENAME TO v1_spans;
    ALTER TABLE trace_tags RENAME TO v1_trace_tags; ALTER TABLE trace_metadata RENAME TO v1_trace_metadata;
  `);
  db.exec(SCHEMA_SQL);
  const rows = new TraceRows(db);
  const ids = db.prepare<{ trace_id: string }>("SELECT trace_id FROM v1_traces ORDER BY rowid").all();
  const info = db.prepare<{ info_json: string }>("SELECT info_json FROM v1_traces WHERE trace_id = ?");
  const spans = db.prepare<{ content: string }>("SELECT content FROM v1_spans WHERE trace_id = ? ORDER BY start_ns, span_id");
  for (const { trace_id } of ids) {
    const infoJson = JSON.parse((info.get(trace_id) as { info_json: string }).info_json) as TraceInfoJSON;
    rows.insert({ info: infoJson, data: { spans: spans.all(trace_id).map((r) => JSON.parse(r.content) as SpanJSON) } });
  }
  db.exec("DROP TABLE v1_spans; DROP TABLE v1_trace_tags; DROP TABLE v1_trace_metadata; DROP TABLE v1_traces;");
}

/**
 * Schema 2 → 3: adds the span rows, the free-text index and the runs table (schema.ts) and fills them from each stored trace's
 * payload, through the same {@link TraceRows} code as new writes; the trace rows, payloads and terms stay as they are.
 */
function fromSchema2(db: SqliteConnection): void {
  db.exec(SCHEMA_3_SQL);
  const rows = new TraceRows(db);
  const payload = db.prepare<{ id: number; info: Uint8Array; spans: Uint8Array }>(
    "SELECT t.id AS id, p.info AS info, p.spans AS spans FROM traces t JOIN payloads p ON p.trace_pk = t.id WHERE t.id > ? ORDER BY t.id LIMIT 256",
  );
  // In pages, so a large store is never held in memory at once.
  for (let last = 0; ; ) {
    const page = payload.all(last);
    if (page.length === 0) break;
    for (const r of page) {
      rows.insertDerived(r.id, { info: unpackJson(r.info), data: { spans: unpackJson(r.spans) } } as TraceJSON);
      last = r.id;
    }
  }
}

/** Each step takes the store from its key version to a later one (schema 1 goes straight to the current layout). */
const STEPS: Record<number, (db: SqliteConnection) => number> = {
  1: (db) => {
    fromSchema1(db);
    return SCHEMA_VERSION;
  },
  2: (db) => {
    fromSchema2(db);
    return 3;
  },
};

/** Brings a traceloom store from `version` up to {@link SCHEMA_VERSION}, inside the caller's write transaction. */
export function migrateStore(db: SqliteConnection, version: number): void {
  for (let v = version; v < SCHEMA_VERSION; ) {
    const step = STEPS[v];
    if (!step) throw new Error(`No migration from store schema ${v}`);
    v = step(db);
  }
  markCurrent(db);
}

/** Creates the schema in an empty file, inside the caller's write transaction. */
export function createStore(db: SqliteConnection): void {
  db.exec(SCHEMA_SQL);
  markCurrent(db);
}

function markCurrent(db: SqliteConnection): void {
  db.exec(`PRAGMA application_id = ${APPLICATION_ID}; PRAGMA user_version = ${SCHEMA_VERSION};`);
}
