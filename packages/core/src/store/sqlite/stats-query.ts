import { continueCheck, type SqlFragment } from "../filter/to-sql.js";
import { compareGroups, type LatencyStats, type ModelTokens, type StatsBucket, type StatsGroup, type StatsGrouping, type TraceStats } from "../stats/stats-types.js";
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
 * GROUP BY, nearest-rank percentiles with `row_number()` windows, tokens by model from the span rows, and buckets
 * by start time. Same semantics as the memory store's stats/memory-stats.ts.
 */
export function queryStats(db: SqliteConnection, q: StatsQuery): TraceStats {
  fillRows(db, q);
  try {
    // Span durations are stored in whole µs, reported in ms.
    const scale = q.grouping.level === "span" ? 1000 : 1;
    const chk = continueCheck("r.rowid", 1023);
    const totals = aggregates(db, "NULL", chk);
    const total = toGroup(null, totals[0], scale);
    const byKey = q.grouping.level === "trace" && q.grouping.by === "none" ? [] : aggregates(db, "r.k", chk);
    const groups = byKey.map((row) => toGroup(row.k, row, scale)).sort(compareGroups);
    const kept = groups.slice(0, q.maxGroups);
    const keyed = new Map(kept.map((g) => [g.key, g]));
    const all = [total, ...kept];
    for (const p of percentiles(db, "NULL", chk)) setPercentile(total, p, scale);
    if (kept.length) for (const p of percentiles(db, "r.k", chk)) if (keyed.has(p.k)) setPercentile(keyed.get(p.k) as StatsGroup, p, scale);
    for (const m of modelTokens(db, q.grouping.level, kept.length > 0, chk)) {
      const group = m.g === 1 ? keyed.get(m.k) : total;
      group?.tokensByModel.push({ model: m.model, inputTokens: m.i, outputTokens: m.o });
    }
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
  db.exec(`CREATE TABLE ${ROWS} (k, ts INTEGER, err INTEGER, lat INTEGER, i INTEGER, o INTEGER, tot INTEGER, pk INTEGER, model TEXT)`);
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
    let key: string = g.by === "tag" || g.by === "metadata" ? "NULL" : TRACE_KEY[g.by];
    let join = "";
    if ((g.by === "tag" || g.by === "metadata") && q.keyFieldId !== undefined) {
      // One index range of the key's terms; a trace has at most one value per tag or metadata key.
      key = "kv.value";
      join = `LEFT JOIN (SELECT trace_pk, value FROM terms WHERE field = ${Number(q.keyFieldId)}) kv ON kv.trace_pk = t.id`;
    }
    sql = `INSERT INTO ${ROWS} (k, ts, err, lat, i, o, tot, pk)
      SELECT ${key}, t.timestamp_ms, t.state = 'ERROR', t.execution_time_ms, coalesce(t.input_tokens, 0),
        coalesce(t.output_tokens, 0), coalesce(t.total_tokens, 0), t.id
      FROM traces t ${join}
      WHERE ${conds.join(" AND ")}`;
  }
  db.prepare(sql).run(...params);
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
}

function aggregates(db: SqliteConnection, key: string, chk: string): AggregateRow[] {
  return db
    .prepare<AggregateRow>(
      `SELECT ${key} AS k, count(*) AS n, coalesce(sum(r.err), 0) AS errors, coalesce(sum(r.i), 0) AS i, coalesce(sum(r.o), 0) AS o,
         coalesce(sum(r.tot), 0) AS tot, avg(r.lat) AS mean, max(r.lat) AS mx
       FROM ${ROWS} r WHERE ${chk} GROUP BY 1`,
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

interface RankRow {
  k: string | null;
  lat: number;
  rn: number;
  cnt: number;
}

/** The latencies at the p50/p90/p99 ranks of each partition (⌈p·n/100⌉, as percentileRank). */
function percentiles(db: SqliteConnection, key: string, chk: string): RankRow[] {
  const ranks = [50, 90, 99].map((p) => `(${p} * cnt + 99) / 100`).join(", ");
  return db
    .prepare<RankRow>(
      `SELECT k, lat, rn, cnt FROM (
         SELECT ${key} AS k, r.lat AS lat, row_number() OVER (PARTITION BY ${key} ORDER BY r.lat) AS rn,
           count(*) OVER (PARTITION BY ${key}) AS cnt
         FROM ${ROWS} r WHERE ${chk} AND r.lat IS NOT NULL)
       WHERE rn IN (${ranks})`,
    )
    .all()
    .map((r) => ({ ...r, k: r.k === null ? null : String(r.k) }));
}

function setPercentile(group: StatsGroup, row: RankRow, scale: number): void {
  const latency = group.latencyMs;
  if (!latency) return;
  const at = (p: number) => Math.floor((p * row.cnt + 99) / 100);
  if (row.rn === at(50)) latency.p50 = row.lat / scale;
  if (row.rn === at(90)) latency.p90 = row.lat / scale;
  if (row.rn === at(99)) latency.p99 = row.lat / scale;
}

/** Tokens by model: `g` 0 for the total, 1 for the group `k`. */
function modelTokens(
  db: SqliteConnection,
  level: "trace" | "span",
  grouped: boolean,
  chk: string,
): { g: number; k: string | null; model: string; i: number; o: number }[] {
  // Trace-level rows take their model spans from `spans`; span-level rows are the spans.
  const source =
    level === "trace"
      ? `SELECT r.k AS k, s.model AS model, coalesce(s.input_tokens, 0) AS i, coalesce(s.output_tokens, 0) AS o
         FROM ${ROWS} r JOIN spans s ON s.trace_pk = r.pk WHERE ${chk} AND s.model IS NOT NULL`
      : `SELECT r.k AS k, r.model AS model, r.i AS i, r.o AS o FROM ${ROWS} r WHERE ${chk} AND r.model IS NOT NULL`;
  const sql = `WITH m AS MATERIALIZED (${source})
    SELECT 0 AS g, NULL AS k, model, sum(i) AS i, sum(o) AS o FROM m GROUP BY model
    ${grouped ? "UNION ALL SELECT 1 AS g, k, model, sum(i) AS i, sum(o) AS o FROM m GROUP BY k, model" : ""}`;
  return db
    .prepare<{ g: number; k: string | number | null; model: string; i: number; o: number }>(sql)
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
