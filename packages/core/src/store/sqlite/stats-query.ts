import { continueCheck, type SqlFragment } from "../filter/to-sql.js";
import { compareGroups, percentileRank, type LatencyStats, type ModelTokens, type StatsBucket, type StatsGroup, type StatsGrouping, type TraceStats } from "../stats/stats-types.js";
import type { SqliteConnection } from "./connection.js";

/** The temp table one stats query fills: one row per counted trace or span (per connection, dropped after). */
const ROWS = "temp.tl_stats_rows";

/** What the stats query needs from the store. */
export interface StatsQuery {
  grouping: StatsGrouping;
  /** WHERE over `traces t` (filter, experiments), as the store's searches build it. */
  where: SqlFragment;
  startTimeMs?: number;
  endTimeMs?: number;
  maxGroups: number;
  bucketMs?: number;
  /** The `fields` ID of the tag or metadata key grouped by (undefined: no trace has it). */
  keyFieldId?: number;
}

const SPAN_KEY = { model: "s.model", "span.type": "s.type", "span.name": "s.name" } as const;
const TRACE_KEY = { none: "NULL", "trace.name": "t.name", status: "t.state" } as const;

/**
 * Stats in SQL (schema 3), never reading a payload: the traces (or their span rows) a filter selects are copied
 * once into a temp table of small rows — key, start, error, latency, tokens — then aggregated: sums and means with
 * GROUP BY, nearest-rank percentiles by seeks into a temp index, tokens by model from the span rows, and buckets by
 * start time (their p50 with a `row_number()` window). Same semantics as the memory store's stats/memory-stats.ts.
 * `check` throws at the deadline; it is called between statements (the scans call it themselves).
 */
export function queryStats(db: SqliteConnection, q: StatsQuery, check: () => void): TraceStats {
  try {
    fillRows(db, q);
    // Span durations are stored in whole µs, reported in ms.
    const scale = q.grouping.level === "span" ? 1000 : 1;
    const chk = continueCheck("r.rowid", 1023);
    const totals = aggregates(db, "NULL", chk);
    const total = toGroup(null, totals[0], scale);
    check();
    const grouped = !(q.grouping.level === "trace" && q.grouping.by === "none");
    if (grouped) db.exec(`CREATE INDEX temp.tl_stats_by_key ON tl_stats_rows (k, lat)`);
    check();
    const byKey = grouped ? aggregates(db, "r.k", chk) : [];
    const groups = byKey.map((row) => toGroup(row.k, row, scale)).sort(compareGroups);
    const kept = groups.slice(0, q.maxGroups);
    const keyed = new Map(kept.map((g) => [g.key, g]));
    const nlat = new Map(byKey.map((row) => [row.k, row.nlat]));
    const all = [total, ...kept];
    check();
    db.exec(`CREATE INDEX temp.tl_stats_by_latency ON tl_stats_rows (lat)`);
    setPercentiles(db, total, totals[0]?.nlat ?? 0, false, scale);
    for (const g of kept) {
      check();
      setPercentiles(db, g, nlat.get(g.key) ?? 0, true, scale);
    }
    check();
    // Grouped by model, a group's tokens are its model's: no second pass.
    const byModel =
      q.grouping.level === "span" && q.grouping.by === "model"
        ? byKey.map((r) => ({ k: r.k, model: r.k as string, i: r.i, o: r.o }))
        : modelTokens(db, q.grouping.level, chk);
    const totalByModel = new Map<string, ModelTokens>();
    for (const m of byModel) {
      keyed.get(m.k)?.tokensByModel.push({ model: m.model, inputTokens: m.i, outputTokens: m.o });
      const t = totalByModel.get(m.model) ?? { model: m.model, inputTokens: 0, outputTokens: 0 };
      t.inputTokens += m.i;
      t.outputTokens += m.o;
      totalByModel.set(m.model, t);
    }
    total.tokensByModel = [...totalByModel.values()];
    for (const g of all) g.tokensByModel.sort((a: ModelTokens, b: ModelTokens) => (a.model < b.model ? -1 : a.model > b.model ? 1 : 0));
    if (q.bucketMs !== undefined) {
      for (const g of all) g.series = [];
      for (const b of buckets(db, q.bucketMs, kept.length > 0, chk)) {
        const group = b.g === 1 ? keyed.get(b.k) : total;
        group?.series?.push({ startMs: b.b, count: b.n, errorCount: b.errors, p50Ms: b.p50 === null ? null : b.p50 / scale, totalTokens: b.tot });
      }
      for (const g of all) g.series?.sort((a: StatsBucket, b: StatsBucket) => a.startMs - b.startMs);
    }
    const stats: TraceStats = { total, groups: kept };
    if (groups.length > q.maxGroups) stats.truncatedGroups = groups.length - q.maxGroups;
    return stats;
  } finally {
    db.exec(`DROP TABLE IF EXISTS ${ROWS}`);
  }
}

function fillRows(db: SqliteConnection, q: StatsQuery): void {
  db.exec(`PRAGMA temp_store = MEMORY; DROP TABLE IF EXISTS ${ROWS};`);
  // Trace rows are keyed by the trace's row key, so tokens by model can walk the span rows and look traces up.
  const pk = q.grouping.level === "trace" ? "pk INTEGER PRIMARY KEY" : "pk INTEGER";
  db.exec(`CREATE TABLE ${ROWS} (k, ts INTEGER, err INTEGER, lat INTEGER, i INTEGER, o INTEGER, tot INTEGER, ${pk}, model TEXT)`);
  const params: (string | number)[] = [];
  const conds = [q.where.sql];
  params.push(...q.where.params);
  if (q.startTimeMs !== undefined) {
    conds.push("t.timestamp_ms >= ?");
    params.push(q.startTimeMs);
  }
  if (q.endTimeMs !== undefined) {
    conds.push("t.timestamp_ms < ?");
    params.push(q.endTimeMs);
  }
  const g = q.grouping;
  let sql: string;
  if (g.level === "span") {
    sql = `INSERT INTO ${ROWS} (k, ts, err, lat, i, o, tot, pk, model)
      SELECT ${SPAN_KEY[g.by]}, t.timestamp_ms, s.status = 'ERROR', s.duration_us, coalesce(s.input_tokens, 0),
        coalesce(s.output_tokens, 0), coalesce(s.total_tokens, 0), t.id, s.model
      FROM traces t JOIN spans s ON s.trace_pk = t.id
      WHERE ${conds.join(" AND ")}${g.by === "model" ? " AND s.model IS NOT NULL" : ""}`;
  } else {
    const key = g.by === "tag" || g.by === "metadata" ? "NULL" : TRACE_KEY[g.by];
    sql = `INSERT INTO ${ROWS} (k, ts, err, lat, i, o, tot, pk)
      SELECT ${key}, t.timestamp_ms, t.state = 'ERROR', t.execution_time_ms, coalesce(t.input_tokens, 0),
        coalesce(t.output_tokens, 0), coalesce(t.total_tokens, 0), t.id
      FROM traces t
      WHERE ${conds.join(" AND ")}`;
  }
  db.prepare(sql).run(...params);
  if (g.level === "trace" && (g.by === "tag" || g.by === "metadata") && q.keyFieldId !== undefined) {
    // The key's values: one index range of `terms` (a trace has at most one value per key), each row found by its key.
    db.prepare(
      `UPDATE ${ROWS} SET k = kv.value FROM (SELECT trace_pk, value FROM terms WHERE field = ? AND ${continueCheck("trace_pk", 1023)}) AS kv
       WHERE ${ROWS}.pk = kv.trace_pk`,
    ).run(q.keyFieldId);
  }
}

interface AggregateRow {
  k: string | null;
  n: number;
  errors: number;
  i: number;
  o: number;
  tot: number;
  mean: number | null;
  mx: number | null;
  /** Rows with a latency. */
  nlat: number;
}

/** Sums per group; NOT INDEXED: a sort is cheaper than walking the (k, lat) index and looking each row up. */
function aggregates(db: SqliteConnection, key: string, chk: string): AggregateRow[] {
  return db
    .prepare<AggregateRow>(
      `SELECT ${key} AS k, count(*) AS n, coalesce(sum(r.err), 0) AS errors, coalesce(sum(r.i), 0) AS i, coalesce(sum(r.o), 0) AS o,
         coalesce(sum(r.tot), 0) AS tot, avg(r.lat) AS mean, max(r.lat) AS mx, count(r.lat) AS nlat
       FROM ${ROWS} AS r NOT INDEXED WHERE ${chk} GROUP BY 1`,
    )
    .all()
    .map((r) => ({ ...r, k: r.k === null ? null : String(r.k) }));
}

function toGroup(key: string | null, row: AggregateRow | undefined, scale: number): StatsGroup {
  const latency: LatencyStats | null =
    row && row.mx !== null ? { p50: 0, p90: 0, p99: 0, mean: (row.mean as number) / scale, max: row.mx / scale } : null;
  return {
    key,
    count: row?.n ?? 0,
    errorCount: row?.errors ?? 0,
    latencyMs: latency,
    inputTokens: row?.i ?? 0,
    outputTokens: row?.o ?? 0,
    totalTokens: row?.tot ?? 0,
    tokensByModel: [],
  };
}

/**
 * Sets p50/p90/p99 from the latency at each nearest rank (⌈p·n/100⌉, as percentileRank), read with one seek into a
 * temp index on the rows (`k IS ?` also finds the null key) — an index is one sort, where a row_number() window
 * over every row costs several times more.
 */
function setPercentiles(db: SqliteConnection, group: StatsGroup, nlat: number, byKey: boolean, scale: number): void {
  const latency = group.latencyMs;
  if (!latency || nlat === 0) return;
  const at = db.prepare<{ lat: number }>(
    byKey
      ? `SELECT lat FROM ${ROWS} INDEXED BY tl_stats_by_key WHERE k IS ? AND lat IS NOT NULL ORDER BY lat LIMIT 1 OFFSET ?`
      : `SELECT lat FROM ${ROWS} INDEXED BY tl_stats_by_latency WHERE lat IS NOT NULL ORDER BY lat LIMIT 1 OFFSET ?`,
  );
  const value = (p: number) => {
    const offset = percentileRank(p, nlat) - 1;
    const row = byKey ? at.get(group.key, offset) : at.get(offset);
    return (row?.lat as number) / scale;
  };
  latency.p50 = value(50);
  latency.p90 = value(90);
  latency.p99 = value(99);
}

/** Tokens by (group, model), over every group (the total is their sum). */
function modelTokens(db: SqliteConnection, level: "trace" | "span", chk: string): { k: string | null; model: string; i: number; o: number }[] {
  // Trace-level rows take their model spans from `spans`; span-level rows are the spans.
  const sql =
    level === "trace"
      ? `SELECT r.k AS k, s.model AS model, sum(coalesce(s.input_tokens, 0)) AS i, sum(coalesce(s.output_tokens, 0)) AS o
         FROM ${ROWS} r JOIN spans s ON s.trace_pk = r.pk WHERE ${chk} AND s.model IS NOT NULL GROUP BY 1, 2`
      : `SELECT r.k AS k, r.model AS model, sum(r.i) AS i, sum(r.o) AS o FROM ${ROWS} r WHERE ${chk} AND r.model IS NOT NULL GROUP BY 1, 2`;
  return db
    .prepare<{ k: string | number | null; model: string; i: number; o: number }>(sql)
    .all()
    .map((r) => ({ ...r, k: r.k === null ? null : String(r.k) }));
}

/** Buckets by trace start (`g` 0: total, 1: group `k`), each with its p50 (nearest rank) or null. */
function buckets(
  db: SqliteConnection,
  bucketMs: number,
  grouped: boolean,
  chk: string,
): { g: number; k: string | null; b: number; n: number; errors: number; tot: number; p50: number | null }[] {
  const width = Math.floor(bucketMs);
  const level = (g: number, key: string) => `
    SELECT ${g} AS g, ${key} AS k, b, count(*) AS n, sum(err) AS errors, sum(tot) AS tot,
      max(CASE WHEN lrn = (50 * lcnt + 99) / 100 THEN lat END) AS p50
    FROM (
      SELECT ${key === "NULL" ? "NULL" : "x.k"} AS k, x.b AS b, x.err AS err, x.tot AS tot, x.lat AS lat,
        CASE WHEN x.lat IS NULL THEN NULL ELSE row_number() OVER (PARTITION BY ${key === "NULL" ? "" : "x.k, "}x.b, x.lat IS NULL ORDER BY x.lat) END AS lrn,
        count(x.lat) OVER (PARTITION BY ${key === "NULL" ? "" : "x.k, "}x.b) AS lcnt
      FROM (SELECT r.k AS k, (r.ts / ${width}) * ${width} AS b, r.err AS err, r.tot AS tot, r.lat AS lat FROM ${ROWS} r WHERE ${chk}) x
    ) GROUP BY ${key === "NULL" ? "" : "k, "}b`;
  const sql = grouped ? `${level(0, "NULL")} UNION ALL ${level(1, "k")}` : level(0, "NULL");
  return db
    .prepare<{ g: number; k: string | number | null; b: number; n: number; errors: number; tot: number; p50: number | null }>(sql)
    .all()
    .map((r) => ({ ...r, k: r.k === null ? null : String(r.k) }));
}
