import { existsSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type Database from "better-sqlite3";
import type { SpanJSON } from "../entities/span.js";
import { Trace, type TraceJSON } from "../entities/trace.js";
import type { TraceInfoJSON } from "../entities/trace-info.js";
import { filterToSql } from "./filter/to-sql.js";
import { parseFilter } from "./filter/parser.js";
import { mergeTraces } from "./merge.js";
import { decodePageToken, encodePageToken, pageSize, parseOrderBy, type OrderField } from "./search-options.js";
import { SCHEMA_SQL, SCHEMA_VERSION } from "./sqlite-schema.js";
import { sqliteDriver } from "./sqlite-driver.js";
import { spanFacts, traceFields } from "./trace-facts.js";
import {
  DEFAULT_EXPERIMENT,
  type DeleteTracesOptions,
  type Experiment,
  type SearchTracesOptions,
  type SearchTracesResult,
  type TraceStore,
} from "./trace-store.js";

/** Options of {@link SqliteTraceStore}. */
export interface SqliteStoreOptions {
  /** Open without writing (the viewer and CLI use this); the file must exist. */
  readonly?: boolean;
  /** Fail with a clear error instead of creating a missing file. */
  mustExist?: boolean;
}

const ORDER_COLUMN: Record<OrderField, string> = {
  timestamp_ms: "t.timestamp_ms",
  execution_time_ms: "t.execution_time_ms",
  name: "t.name",
  status: "t.state",
  total_tokens: "t.total_tokens",
  trace_id: "t.trace_id",
};

/**
 * The embedded {@link TraceStore}: one SQLite file (WAL mode, so the viewer can read while an agent writes, and a
 * process killed mid-write leaves the earlier traces intact). Each batch is written in one transaction.
 */
export class SqliteTraceStore implements TraceStore {
  readonly uri: string;
  readonly path: string;
  private readonly db: Database.Database;
  private readonly stmts;

  constructor(path: string, options: SqliteStoreOptions = {}) {
    this.path = resolve(path);
    this.uri = this.path;
    if ((options.mustExist || options.readonly) && !existsSync(this.path)) {
      throw new Error(`No trace store at ${this.path} (set TRACELOOM_TRACKING_URI or run a traced program first)`);
    }
    if (!options.readonly) mkdirSync(dirname(this.path), { recursive: true });
    const Driver = sqliteDriver();
    this.db = new Driver(this.path, { readonly: options.readonly ?? false, fileMustExist: options.mustExist ?? false });
    this.db.pragma("busy_timeout = 5000");
    this.db.pragma("case_sensitive_like = ON");
    if (!options.readonly) this.migrate();
    this.stmts = this.prepare();
  }

  private migrate(): void {
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = NORMAL");
    const version = this.db.pragma("user_version", { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new Error(`${this.path} was written by a newer traceloom (schema ${version}); upgrade to read it`);
    }
    this.db.exec(SCHEMA_SQL);
    this.db
      .prepare("INSERT OR IGNORE INTO experiments (experiment_id, name, creation_time_ms) VALUES (?, ?, ?)")
      .run(Number(DEFAULT_EXPERIMENT.experimentId), DEFAULT_EXPERIMENT.name, Date.now());
    this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }

  private prepare() {
    const db = this.db;
    return {
      getInfo: db.prepare<[string], { info_json: string }>("SELECT info_json FROM traces WHERE trace_id = ?"),
      getSpans: db.prepare<[string], { content: string }>("SELECT content FROM spans WHERE trace_id = ? ORDER BY start_ns, span_id"),
      upsertTrace: db.prepare(
        `INSERT OR REPLACE INTO traces (trace_id, experiment_id, client_request_id, timestamp_ms, execution_time_ms, state,
           name, request_preview, response_preview, input_tokens, output_tokens, total_tokens, info_json)
         VALUES (@trace_id, @experiment_id, @client_request_id, @timestamp_ms, @execution_time_ms, @status,
           @name, @request_preview, @response_preview, @input_tokens, @output_tokens, @total_tokens, @info_json)`,
      ),
      deleteTags: db.prepare("DELETE FROM trace_tags WHERE trace_id = ?"),
      deleteMetadata: db.prepare("DELETE FROM trace_metadata WHERE trace_id = ?"),
      deleteSpans: db.prepare("DELETE FROM spans WHERE trace_id = ?"),
      deleteTrace: db.prepare("DELETE FROM traces WHERE trace_id = ?"),
      insertTag: db.prepare("INSERT OR REPLACE INTO trace_tags (trace_id, key, value) VALUES (?, ?, ?)"),
      // A trace's tags and metadata rows in one statement each, read from its info JSON (no call per row).
      insertTagsOf: db.prepare("INSERT OR REPLACE INTO trace_tags (trace_id, key, value) SELECT ?, key, value FROM json_each(?, '$.tags')"),
      insertMetadataOf: db.prepare(
        "INSERT OR REPLACE INTO trace_metadata (trace_id, key, value) SELECT ?, key, value FROM json_each(?, '$.trace_metadata')",
      ),
      existingIds: db.prepare<[string], { trace_id: string }>("SELECT trace_id FROM traces WHERE trace_id IN (SELECT value FROM json_each(?))"),
      deleteTag: db.prepare("DELETE FROM trace_tags WHERE trace_id = ? AND key = ?"),
      insertSpan: db.prepare(
        "INSERT OR REPLACE INTO spans (trace_id, span_id, parent_span_id, name, type, status, start_ns, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      ),
      updateInfo: db.prepare("UPDATE traces SET info_json = ? WHERE trace_id = ?"),
      experimentByName: db.prepare<[string], { experiment_id: number }>("SELECT experiment_id FROM experiments WHERE name = ?"),
      insertExperiment: db.prepare("INSERT INTO experiments (name, creation_time_ms) VALUES (?, ?)"),
    };
  }

  writeTraces(traces: TraceJSON[]): void {
    // IMMEDIATE: the write lock is taken (waiting up to busy_timeout) before anything is read. A deferred transaction
    // that read first fails at once with SQLITE_BUSY(_SNAPSHOT) when another process or thread wrote meanwhile.
    this.db.transaction((batch: TraceJSON[]) => {
      // Parts of a trace already stored (a trace continued in another thread or process) are merged; one query
      // finds them for the whole batch.
      const ids = batch.map((t) => t.info.trace_id);
      const stored = new Set(this.stmts.existingIds.all(JSON.stringify(ids)).map((r) => r.trace_id));
      for (const incoming of batch) {
        const id = incoming.info.trace_id;
        const existing = stored.has(id) ? this.readTrace(id) : undefined;
        this.writeOne(existing ? mergeTraces(existing, incoming) : incoming, existing !== undefined);
        stored.add(id);
      }
    }).immediate(traces);
  }

  private writeOne(trace: TraceJSON, replacing: boolean): void {
    const id = trace.info.trace_id;
    const s = this.stmts;
    if (replacing) {
      s.deleteTags.run(id);
      s.deleteMetadata.run(id);
    }
    const infoJson = JSON.stringify(trace.info);
    s.upsertTrace.run({
      ...traceFields(trace),
      experiment_id: trace.info.trace_location.mlflow_experiment.experiment_id,
      info_json: infoJson,
    });
    s.insertTagsOf.run(id, infoJson);
    s.insertMetadataOf.run(id, infoJson);
    const facts = spanFacts(trace);
    trace.data.spans.forEach((span: SpanJSON, i) => {
      const f = facts[i];
      s.insertSpan.run(id, span.span_id, span.parent_span_id, f.name, f.type, f.status, span.start_time_unix_nano, JSON.stringify(span));
    });
  }

  private readTrace(traceId: string, includeSpans = true): TraceJSON | undefined {
    const row = this.stmts.getInfo.get(traceId);
    if (!row) return undefined;
    const info = JSON.parse(row.info_json) as TraceInfoJSON;
    const spans = includeSpans ? this.stmts.getSpans.all(traceId).map((r) => JSON.parse(r.content) as SpanJSON) : [];
    return { info, data: { spans } };
  }

  getTrace(traceId: string): Trace | undefined {
    const json = this.readTrace(traceId);
    return json ? Trace.fromJSON(json) : undefined;
  }

  searchTraces(options: SearchTracesOptions = {}): SearchTracesResult {
    const where = filterToSql(parseFilter(options.filter));
    const order = parseOrderBy(options.orderBy)
      .map((o) => `${ORDER_COLUMN[o.field]} ${o.descending ? "DESC" : "ASC"}`)
      .join(", ");
    const size = pageSize(options);
    const offset = decodePageToken(options.pageToken);
    const params: (string | number)[] = [];
    let expSql = "1";
    if (options.experimentIds) {
      expSql = options.experimentIds.length ? `t.experiment_id IN (${options.experimentIds.map(() => "?").join(", ")})` : "0";
      params.push(...options.experimentIds);
    }
    params.push(...where.params, size + 1, offset);
    const rows = this.db
      .prepare<(string | number)[], { trace_id: string }>(
        `SELECT t.trace_id FROM traces t WHERE ${expSql} AND (${where.sql}) ORDER BY ${order}, t.trace_id ASC LIMIT ? OFFSET ?`,
      )
      .all(...params);
    const includeSpans = options.includeSpans ?? true;
    const page = rows.slice(0, size);
    return {
      traces: page.map((r) => Trace.fromJSON(this.readTrace(r.trace_id, includeSpans) as TraceJSON)),
      nextPageToken: rows.length > size ? encodePageToken(offset + size) : undefined,
    };
  }

  deleteTraces(options: DeleteTracesOptions): number {
    const conds: string[] = [];
    const params: (string | number)[] = [];
    if (options.traceIds) {
      if (options.traceIds.length === 0) return 0;
      conds.push(`trace_id IN (${options.traceIds.map(() => "?").join(", ")})`);
      params.push(...options.traceIds);
    }
    if (options.experimentId !== undefined) {
      conds.push("experiment_id = ?");
      params.push(options.experimentId);
    }
    if (options.maxTimestampMs !== undefined) {
      conds.push("timestamp_ms <= ?");
      params.push(options.maxTimestampMs);
    }
    let sql = `SELECT trace_id FROM traces WHERE ${conds.length ? conds.join(" AND ") : "1"} ORDER BY timestamp_ms ASC`;
    if (options.maxTraces !== undefined) {
      sql += " LIMIT ?";
      params.push(options.maxTraces);
    }
    return this.db.transaction(() => {
      const ids = this.db.prepare<(string | number)[], { trace_id: string }>(sql).all(...params);
      for (const { trace_id } of ids) {
        this.stmts.deleteTags.run(trace_id);
        this.stmts.deleteMetadata.run(trace_id);
        this.stmts.deleteSpans.run(trace_id);
        this.stmts.deleteTrace.run(trace_id);
      }
      return ids.length;
    }).immediate();
  }

  setTraceTag(traceId: string, key: string, value: string): void {
    this.db.transaction(() => {
      this.updateTags(traceId, (tags) => {
        tags[key] = value;
      });
      this.stmts.insertTag.run(traceId, key, value);
    }).immediate();
  }

  deleteTraceTag(traceId: string, key: string): void {
    this.db.transaction(() => {
      this.updateTags(traceId, (tags) => {
        delete tags[key];
      });
      this.stmts.deleteTag.run(traceId, key);
    }).immediate();
  }

  private updateTags(traceId: string, change: (tags: Record<string, string>) => void): void {
    const row = this.stmts.getInfo.get(traceId);
    if (!row) throw new Error(`No trace with ID "${traceId}"`);
    const info = JSON.parse(row.info_json) as TraceInfoJSON;
    change(info.tags);
    this.stmts.updateInfo.run(JSON.stringify(info), traceId);
  }

  getOrCreateExperiment(name: string): string {
    const found = this.stmts.experimentByName.get(name);
    if (found) return String(found.experiment_id);
    return this.db.transaction(() => {
      const created = this.stmts.experimentByName.get(name);
      return String(created ? created.experiment_id : this.stmts.insertExperiment.run(name, Date.now()).lastInsertRowid);
    }).immediate();
  }

  listExperiments(): Experiment[] {
    return this.db
      .prepare<[], { experiment_id: number; name: string; creation_time_ms: number; n: number }>(
        `SELECT e.experiment_id, e.name, e.creation_time_ms,
           (SELECT count(*) FROM traces t WHERE t.experiment_id = CAST(e.experiment_id AS TEXT)) AS n
         FROM experiments e ORDER BY e.experiment_id`,
      )
      .all()
      .map((r) => ({ experimentId: String(r.experiment_id), name: r.name, creationTimeMs: r.creation_time_ms, traceCount: r.n }));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
