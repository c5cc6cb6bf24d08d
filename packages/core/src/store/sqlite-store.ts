import { existsSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { Trace, type TraceJSON } from "../entities/trace.js";
import type { AssessmentJSON } from "../entities/assessment.js";
import { withAssessment, withoutAssessment } from "./assessment-edits.js";
import { parseFilter } from "./filter/parser.js";
import { continueCheck, DISTINCT_VALUES_SQL, FEW_VALUES, filterToSql } from "./filter/to-sql.js";
import { mergeTraces } from "./merge.js";
import { decodePageToken, encodePageToken, pageSize, parseOrderBy, type OrderField } from "./search-options.js";
import type { SqliteConnection } from "./sqlite/connection.js";
import { createStore, migrateStore } from "./sqlite/migrations.js";
import { guardedNotice, logStoreUpgrade, type StoreUpgradeEvent } from "./sqlite/upgrade-notice.js";
import { SCHEMA_VERSION } from "./sqlite/schema.js";
import { openSqlite } from "./sqlite/open-sqlite.js";
import { classifyStore } from "./sqlite/ownership.js";
import { QueryDeadline } from "./sqlite/query-deadline.js";
import { retentionFromEnv, type RetentionLimits } from "./sqlite/retention.js";
import { TraceStoreFileError } from "./sqlite/store-errors.js";
import { TraceRows } from "./sqlite/trace-rows.js";
import { updateStoredInfo } from "./sqlite/update-info.js";
import { writeTransaction } from "./sqlite/transaction.js";
import { decodeTrace, encodeTrace, type EncodedTrace } from "./writer/encoded-trace.js";
import { sessionLimit, type ListSessionsOptions, type SessionSummary } from "./sessions.js";
import { querySessions } from "./sqlite/session-query.js";
import type { RunRecord } from "../entities/run-record.js";
import { invalidRunRecord, runLimit, type ListRunsOptions, type RunSummary } from "./runs.js";
import { queryRuns, runRow, saveRunRow } from "./sqlite/run-query.js";
import { parseGrouping, statsLimits, type TraceStats, type TraceStatsOptions } from "./stats/stats-types.js";
import { queryStats } from "./sqlite/stats-query.js";
import { termFieldName } from "./sqlite/terms.js";
import {
  DEFAULT_EXPERIMENT,
  type CountTracesOptions,
  type DeleteTracesOptions,
  type Experiment,
  type SearchTracesOptions,
  type SearchTracesResult,
  type TraceStore,
} from "./trace-store.js";

/** Options of {@link SqliteTraceStore}. */
export interface SqliteStoreOptions {
  /** Open without writing (the viewer and CLI use this); the file must exist and be a current traceloom store. */
  readonly?: boolean;
  /** Fail with a clear error instead of creating a missing file. */
  mustExist?: boolean;
  /** Deadline of a search or count when the call gives none (ms); none by default. */
  queryTimeoutMs?: number;
  /** Checked while a query runs: returning true stops it with a QueryTimeoutError (the viewer's shutdown). */
  isCancelled?: () => boolean;
  /** Size bounds applied after writes; default from `TRACELOOM_MAX_TRACES` / `TRACELOOM_MAX_STORE_MB`. */
  retention?: RetentionLimits;
  /** How long a write waits for another connection's lock inside SQLite, ms (default 5000; the store writer retries itself). */
  busyTimeoutMs?: number;
  /**
   * Told before and after a store written by an older traceloom is upgraded (every trace is rewritten once). Default:
   * a line on stderr (or the configured logger) each time.
   */
  onUpgrade?: (event: StoreUpgradeEvent) => void;
}

const ORDER_COLUMN: Record<OrderField, string> = {
  timestamp_ms: "t.timestamp_ms",
  execution_time_ms: "t.execution_time_ms",
  name: "t.name",
  status: "t.state",
  total_tokens: "t.total_tokens",
  trace_id: "t.trace_id",
};

/** Traces written between two retention checks. */
const RETENTION_EVERY = 1000;

/**
 * The embedded {@link TraceStore}: one SQLite file (WAL mode, so the viewer can read while an agent writes, and a
 * process killed mid-write leaves the earlier traces intact). Each batch is written in one transaction. A file is
 * only written once it is known to be a traceloom store (or empty); anything else fails with a
 * {@link TraceStoreFileError} naming it, and the file is left byte for byte as it was.
 */
export class SqliteTraceStore implements TraceStore {
  readonly uri: string;
  readonly path: string;
  /** The SQLite binding in use: "node:sqlite" or "better-sqlite3". */
  readonly binding: string;
  private readonly db: SqliteConnection;
  private readonly rows: TraceRows;
  private readonly deadline: QueryDeadline;
  private readonly queryTimeoutMs: number | undefined;
  private readonly retention: RetentionLimits | undefined;
  private writtenSinceRetention = RETENTION_EVERY;
  private open = true;

  constructor(path: string, options: SqliteStoreOptions = {}) {
    this.path = resolve(path);
    this.uri = this.path;
    if ((options.mustExist || options.readonly) && !existsSync(this.path)) {
      throw new Error(`No trace store at ${this.path} (set TRACELOOM_TRACKING_URI or run a traced program first)`);
    }
    if (!options.readonly) mkdirSync(dirname(this.path), { recursive: true });
    this.db = openConnection(this.path, options.readonly ?? false);
    try {
      this.db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))};`);
      if (options.readonly) this.checkReadable();
      else this.prepareForWriting(guardedNotice(options.onUpgrade ?? logStoreUpgrade));
      this.rows = new TraceRows(this.db);
    } catch (err) {
      this.db.close();
      throw err;
    }
    this.binding = this.db.binding;
    this.deadline = new QueryDeadline(this.db, options.isCancelled);
    this.queryTimeoutMs = options.queryTimeoutMs;
    this.retention = options.retention ?? retentionFromEnv(process.env);
  }

  private checkReadable(): void {
    const kind = classifyStore(this.db, this.path);
    if (kind.kind === "empty") throw new TraceStoreFileError(this.path, "needs-upgrade", `${this.path} is empty: no traces have been stored in it yet`);
    if (kind.kind === "older") {
      throw new TraceStoreFileError(
        this.path,
        "needs-upgrade",
        `${this.path} was written by an older traceloom (store schema ${kind.version}); open it once for writing to upgrade it`,
      );
    }
  }

  /** Creates or migrates the schema, after checking (reading only) that the file is ours. */
  private prepareForWriting(onUpgrade: (event: StoreUpgradeEvent) => void): void {
    if (classifyStore(this.db, this.path).kind !== "current") {
      let upgraded: StoreUpgradeEvent | undefined;
      writeTransaction(this.db, () => {
        // Judged again under the write lock: another process may have created or migrated it meanwhile.
        const kind = classifyStore(this.db, this.path);
        if (kind.kind === "empty") createStore(this.db);
        else if (kind.kind === "older") upgraded = this.upgrade(kind.version, onUpgrade);
        this.db
          .prepare("INSERT OR IGNORE INTO experiments (experiment_id, name, creation_time_ms) VALUES (?, ?, ?)")
          .run(Number(DEFAULT_EXPERIMENT.experimentId), DEFAULT_EXPERIMENT.name, Date.now());
      });
      if (upgraded) onUpgrade(upgraded);
    }
    this.db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
  }

  /** Migrates an older schema inside the open write transaction; returns the "done" event, sent once committed. */
  private upgrade(fromVersion: number, onUpgrade: (event: StoreUpgradeEvent) => void): StoreUpgradeEvent {
    const traces = (this.db.prepare<{ n: number }>("SELECT count(*) AS n FROM traces").get() as { n: number }).n;
    const event: StoreUpgradeEvent = { phase: "start", path: this.path, fromVersion, toVersion: SCHEMA_VERSION, traces };
    onUpgrade(event);
    const started = performance.now();
    migrateStore(this.db, fromVersion);
    return { ...event, phase: "done", elapsedMs: performance.now() - started };
  }

  writeTraces(traces: TraceJSON[]): void {
    this.writeEncodedTraces(traces.map((t) => encodeTrace(t)));
  }

  /** Stores traces already encoded (by the store writer's caller): the texts are compressed and written as given. */
  writeEncodedTraces(traces: EncodedTrace[]): void {
    if (traces.length === 0) return;
    writeTransaction(this.db, () => {
      for (const incoming of traces) {
        // Parts of a trace already stored (a trace continued in another thread or process) are merged.
        const pk = this.rows.pkOf(incoming.traceId);
        const existing = pk === undefined ? undefined : this.rows.read(pk);
        if (pk !== undefined && existing) this.rows.remove(pk, existing);
        this.rows.insertEncoded(existing ? encodeTrace(mergeTraces(existing, decodeTrace(incoming))) : incoming);
      }
    });
    this.writtenSinceRetention += traces.length;
    if (this.retention && this.writtenSinceRetention >= RETENTION_EVERY) {
      this.writtenSinceRetention = 0;
      this.applyRetention(this.retention);
    }
  }

  /**
   * Deletes the oldest traces until the store is within `limits`; returns how many went. Freed pages are reused by
   * later writes (the file does not shrink; run `VACUUM` on it for that).
   */
  applyRetention(limits: RetentionLimits): number {
    let deleted = 0;
    if (limits.maxTraces !== undefined) {
      const n = this.db.prepare<{ n: number }>("SELECT count(*) AS n FROM traces").get()?.n ?? 0;
      if (n > limits.maxTraces) deleted += this.deleteTraces({ maxTraces: n - limits.maxTraces });
    }
    if (limits.maxBytes !== undefined) {
      // A few rounds at most: each index and table keeps at least a page, so a small store may need a second one.
      for (let round = 0; round < 4; round++) {
        const used = this.usedBytes();
        const n = this.db.prepare<{ n: number }>("SELECT count(*) AS n FROM traces").get()?.n ?? 0;
        if (used <= limits.maxBytes || n === 0) break;
        // Traces are of similar size on average: delete the share that is over, and a tenth more for headroom.
        const share = Math.min(1, (used - limits.maxBytes) / used + 0.1);
        deleted += this.deleteTraces({ maxTraces: Math.max(1, Math.ceil(n * share)) });
        // The free-text index keeps deleted documents as tombstones until its segments merge: merge them now, so
        // the space is freed (only when over the size cap).
        writeTransaction(this.db, () => this.db.exec("INSERT INTO trace_text (trace_text) VALUES ('optimize')"));
      }
    }
    return deleted;
  }

  /** Bytes in pages that hold data (the file's size less its free pages). */
  usedBytes(): number {
    const pragma = (name: string) => Number(Object.values(this.db.prepare<Record<string, number>>(`PRAGMA ${name}`).get() ?? {})[0] ?? 0);
    return (pragma("page_count") - pragma("freelist_count")) * pragma("page_size");
  }

  getTrace(traceId: string): Trace | undefined {
    const pk = this.rows.pkOf(traceId);
    const json = pk === undefined ? undefined : this.rows.read(pk);
    return json ? Trace.fromJSON(json) : undefined;
  }

  /** The WHERE clause and parameters of a search over `traces t`. */
  private whereOf(options: { experimentIds?: string[]; filter?: string }): { sql: string; params: (string | number)[] } {
    const where = filterToSql(parseFilter(options.filter), {
      id: (name) => this.rows.fieldId(name, false),
      hasFewValues: (fieldId) => this.hasFewValues(fieldId),
    });
    const params: (string | number)[] = [];
    let expSql = "1";
    if (options.experimentIds) {
      expSql = options.experimentIds.length ? `t.experiment_id IN (${options.experimentIds.map(() => "?").join(", ")})` : "0";
      params.push(...options.experimentIds);
    }
    return { sql: `${continueCheck("t.id", 255)} AND ${expSql} AND (${where.sql})`, params: [...params, ...where.params] };
  }

  /** Whether a term field has at most FEW_VALUES distinct values (at most FEW_VALUES + 1 index seeks to tell). */
  private hasFewValues(fieldId: number): boolean {
    const rows = this.db.prepare(`${DISTINCT_VALUES_SQL} LIMIT ${FEW_VALUES + 1}`).all(fieldId, fieldId);
    return rows.length <= FEW_VALUES;
  }

  searchTraces(options: SearchTracesOptions = {}): SearchTracesResult {
    const where = this.whereOf(options);
    const clauses = parseOrderBy(options.orderBy);
    // Ties go by storage order (the row key), in the direction of the last clause: every index ends with the row
    // key, so the order is read from the index without a sort.
    const tieBreak = `t.id ${clauses[clauses.length - 1].descending ? "DESC" : "ASC"}`;
    const order = [...clauses.map((o) => `${ORDER_COLUMN[o.field]} ${o.descending ? "DESC" : "ASC"}`), tieBreak].join(", ");
    const size = pageSize(options);
    const offset = decodePageToken(options.pageToken);
    const includeSpans = options.includeSpans ?? true;
    return this.deadline.run(options.timeoutMs ?? this.queryTimeoutMs, () => {
      const rows = this.db
        .prepare<{ id: number }>(`SELECT t.id FROM traces t WHERE ${where.sql} ORDER BY ${order} LIMIT ? OFFSET ?`)
        .all(...where.params, size + 1, offset);
      const traces = rows.slice(0, size).map((r) => {
        this.deadline.check();
        return Trace.fromJSON(this.rows.read(r.id, includeSpans) as TraceJSON);
      });
      return { traces, nextPageToken: rows.length > size ? encodePageToken(offset + size) : undefined };
    });
  }

  countTraces(options: CountTracesOptions = {}): number {
    const where = this.whereOf(options);
    return this.deadline.run(options.timeoutMs ?? this.queryTimeoutMs, () => {
      return this.db.prepare<{ n: number }>(`SELECT count(*) AS n FROM traces t WHERE ${where.sql}`).get(...where.params)?.n ?? 0;
    });
  }

  deleteTraces(options: DeleteTracesOptions): number {
    const conds: string[] = [];
    const params: (string | number)[] = [];
    if (options.traceIds) {
      if (options.traceIds.length === 0) return 0;
      conds.push(`trace_id IN (SELECT value FROM json_each(?))`);
      params.push(JSON.stringify(options.traceIds));
    }
    if (options.experimentId !== undefined) {
      conds.push("experiment_id = ?");
      params.push(options.experimentId);
    }
    if (options.maxTimestampMs !== undefined) {
      conds.push("timestamp_ms <= ?");
      params.push(options.maxTimestampMs);
    }
    let sql = `SELECT id FROM traces WHERE ${conds.length ? conds.join(" AND ") : "1"} ORDER BY timestamp_ms ASC`;
    if (options.maxTraces !== undefined) {
      sql += " LIMIT ?";
      params.push(options.maxTraces);
    }
    return writeTransaction(this.db, () => {
      const ids = this.db.prepare<{ id: number }>(sql).all(...params);
      for (const { id } of ids) {
        const json = this.rows.read(id);
        if (json) this.rows.remove(id, json);
      }
      return ids.length;
    });
  }

  setTraceTag(traceId: string, key: string, value: string): void {
    this.updateTags(traceId, (tags) => {
      tags[key] = value;
    });
  }

  deleteTraceTag(traceId: string, key: string): void {
    this.updateTags(traceId, (tags) => {
      delete tags[key];
    });
  }

  private updateTags(traceId: string, change: (tags: Record<string, string>) => void): void {
    updateStoredInfo(this.db, this.rows, traceId, (info) => {
      const tags = { ...info.tags };
      change(tags);
      return { ...info, tags };
    });
  }

  saveAssessment(traceId: string, assessment: AssessmentJSON): void {
    updateStoredInfo(this.db, this.rows, traceId, (info) => withAssessment(info, assessment));
  }

  deleteAssessment(traceId: string, assessmentId: string): void {
    updateStoredInfo(this.db, this.rows, traceId, (info) => withoutAssessment(info, assessmentId));
  }

  getOrCreateExperiment(name: string): string {
    const byName = this.db.prepare<{ experiment_id: number }>("SELECT experiment_id FROM experiments WHERE name = ?");
    const found = byName.get(name);
    if (found) return String(found.experiment_id);
    return writeTransaction(this.db, () => {
      const created = byName.get(name);
      if (created) return String(created.experiment_id);
      return String(this.db.prepare("INSERT INTO experiments (name, creation_time_ms) VALUES (?, ?)").run(name, Date.now()).lastInsertRowid);
    });
  }

  traceStats(options: TraceStatsOptions = {}): TraceStats {
    const grouping = parseGrouping(options.groupBy);
    const { maxGroups, bucketMs } = statsLimits(options);
    const where = this.whereOf(options);
    const keyFieldId =
      grouping.level === "trace" && (grouping.by === "tag" || grouping.by === "metadata")
        ? this.rows.fieldId(termFieldName({ kind: grouping.by, key: grouping.key }), false)
        : undefined;
    return this.deadline.run(options.timeoutMs ?? this.queryTimeoutMs, () =>
      queryStats(
        this.db,
        { grouping, where, startTimeMs: options.startTimeMs, endTimeMs: options.endTimeMs, maxGroups, bucketMs, keyFieldId },
        () => this.deadline.check(),
      ),
    );
  }

  listSessions(options: ListSessionsOptions = {}): SessionSummary[] {
    const limit = sessionLimit(options);
    return this.deadline.run(options.timeoutMs ?? this.queryTimeoutMs, () =>
      querySessions(this.db, options.experimentIds, limit, (pk) => this.rows.read(pk, false)?.info),
    );
  }

  saveRun(run: RunRecord): void {
    const invalid = invalidRunRecord(run);
    if (invalid) throw new TypeError(invalid);
    saveRunRow(this.db, run);
  }

  getRun(runId: string): RunRecord | undefined {
    return runRow(this.db, runId);
  }

  listRuns(options: ListRunsOptions = {}): RunSummary[] {
    const limit = runLimit(options);
    return this.deadline.run(options.timeoutMs ?? this.queryTimeoutMs, () => queryRuns(this.db, options, limit));
  }

  listExperiments(): Experiment[] {
    const counts = new Map(
      this.db
        .prepare<{ experiment_id: string; n: number }>("SELECT experiment_id, count(*) AS n FROM traces GROUP BY experiment_id")
        .all()
        .map((r) => [String(r.experiment_id), r.n]),
    );
    return this.db
      .prepare<{ experiment_id: number; name: string; creation_time_ms: number }>(
        "SELECT experiment_id, name, creation_time_ms FROM experiments ORDER BY experiment_id",
      )
      .all()
      .map((r) => ({
        experimentId: String(r.experiment_id),
        name: r.name,
        creationTimeMs: r.creation_time_ms,
        traceCount: counts.get(String(r.experiment_id)) ?? 0,
      }));
  }

  close(): void {
    if (!this.open) return;
    this.open = false;
    this.db.close();
  }
}

/** Opens the file, turning a failure (a directory, no permission) into an error that names it. */
function openConnection(path: string, readonly: boolean): SqliteConnection {
  try {
    return openSqlite(path, { readonly });
  } catch (err) {
    const message = (err as Error).message;
    if (/node:sqlite|better-sqlite3/.test(message)) throw err;
    throw new TraceStoreFileError(path, "not-sqlite", `Cannot open the trace store ${path}: ${message}`);
  }
}
