import { continueCheck, type SqlFragment } from "../filter/to-sql.js";
import { statsOfRows, type StatsRows } from "../stats/row-stats.js";
import type { StatsGrouping, TraceStats } from "../stats/stats-types.js";
import type { SqliteConnection } from "./connection.js";
import { keyColumn, numberColumn, tokenColumns, type TokenColumns } from "./stats-columns.js";

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

/**
 * The selected traces, walked in `traces_for_stats` order: it covers every trace column stats read, and it follows
 * the row key closely enough (traces are written in time order) that each trace's span rows — keyed by that row
 * key — are read near the previous trace's. In another index's order those seeks jump about the spans table and
 * miss the page cache: 4× slower at 500,000 spans.
 */
const TRACES = "traces t INDEXED BY traces_for_stats";
const SPANS = `${TRACES} CROSS JOIN spans s ON s.trace_pk = t.id`;
const SPAN_KEY = { model: "s.model", "span.type": "s.type", "span.name": "s.name" } as const;
const TRACE_KEY = { "trace.name": "t.name", status: "t.state" } as const;

/**
 * Stats in SQL (schema 3), never reading a payload, without a sort or a temp table: one statement reads the
 * selected traces (or their span rows) and returns each column of them as a single string (`group_concat`,
 * `json_group_array`), and statsOfRows groups, counts and ranks them in JS — the same semantics as the memory
 * store's stats/memory-stats.ts, exact nearest-rank percentiles included. Trace-level groupings read a tag or
 * metadata key from one range of `terms`, and tokens by model from one pass over the traces' model spans.
 * `check` throws at the deadline; it is called between statements (the scans call it themselves).
 */
export function queryStats(db: SqliteConnection, q: StatsQuery, check: () => void): TraceStats {
  const g = q.grouping;
  const rows = g.level === "span" ? spanRows(db, q, g.by) : traceRows(db, q, check);
  check();
  return statsOfRows(rows, {
    scale: g.level === "span" ? 1000 : 1,
    grouped: !(g.level === "trace" && g.by === "none"),
    maxGroups: q.maxGroups,
    bucketMs: q.bucketMs,
    check,
  });
}

/** The WHERE of every statement here: the store's filter, the time range. */
function conditions(q: StatsQuery): { sql: string; params: (string | number)[] } {
  const conds = [q.where.sql];
  const params = [...q.where.params];
  if (q.startTimeMs !== undefined) {
    conds.push("t.timestamp_ms >= ?");
    params.push(q.startTimeMs);
  }
  if (q.endTimeMs !== undefined) {
    conds.push("t.timestamp_ms < ?");
    params.push(q.endTimeMs);
  }
  return { sql: conds.join(" AND "), params };
}

/** A trace's bucket number, floor(timestamp / width), in exact integer arithmetic (negative times included). */
function bucketNumber(bucketMs: number): string {
  const w = Math.floor(bucketMs);
  return `(t.timestamp_ms - ((t.timestamp_ms % ${w}) + ${w}) % ${w}) / ${w}`;
}

type Columns = Record<string, string | number | null>;

/** One row of whole-set aggregates: `n` and each named column's concatenation. */
function readColumns(db: SqliteConnection, columns: Record<string, string>, from: string, where: { sql: string; params: (string | number)[] }): Columns {
  const select = Object.entries(columns)
    .map(([name, expr]) => `${expr} AS ${name}`)
    .join(", ");
  return db.prepare<Columns>(`SELECT count(*) AS n, ${select} FROM ${from} WHERE ${where.sql}`).get(...where.params) ?? { n: 0 };
}

/**
 * Columns every row source has: latency (NULL as ''); the error flag, with buckets folded into the bucket number
 * as number × 2 + error (exact: bucket numbers stay far below 2^52); tokens as `input:output:total`, '' for a row
 * with none (most spans), so a span without usage costs one separator.
 */
function commonColumns(prefix: "t" | "s", q: StatsQuery, withModel = false): Record<string, string> {
  const error = prefix === "t" ? "(t.state = 'ERROR')" : "(s.status = 'ERROR')";
  return {
    lat: `group_concat(ifnull(${prefix === "t" ? "t.execution_time_ms" : "s.duration_us"}, ''))`,
    err: `group_concat(${q.bucketMs === undefined ? error : `(${bucketNumber(q.bucketMs)}) * 2 + ${error}`})`,
    tokens: tokensColumn(prefix, withModel),
  };
}

/**
 * Token usage of each row of `traces t` or `spans s` as `input:output:total`, and with `withModel` the span's model
 * after it as `:m<hex>` — '' for a row with neither (stats-columns.ts tokenColumns reads it).
 */
function tokensColumn(prefix: "t" | "s", withModel = false): string {
  const [i, o, tot] = ["input_tokens", "output_tokens", "total_tokens"].map((c) => `${prefix}.${c}`);
  const model = withModel ? ` || ifnull(':m' || hex(s.model), '')` : "";
  const none = `${i} IS NULL AND ${o} IS NULL AND ${tot} IS NULL${withModel ? " AND s.model IS NULL" : ""}`;
  return `group_concat(CASE WHEN ${none} THEN '' ELSE ifnull(${i}, '') || ':' || ifnull(${o}, '') || ':' || ifnull(${tot}, '')${model} END)`;
}

function rowsOf(c: Columns, keyOf: Int32Array | undefined, keys: (string | null)[], q: StatsQuery): Omit<StatsRows, "modelSpans"> & { tokens: TokenColumns } {
  const n = Number(c.n);
  const errors = numberColumn(c.err as string | null, n, 0);
  let bucket: Float64Array | undefined;
  const error = new Uint8Array(n);
  if (q.bucketMs === undefined) error.set(errors);
  else {
    bucket = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      bucket[r] = Math.floor(errors[r] / 2);
      error[r] = errors[r] - bucket[r] * 2;
    }
  }
  const tokens = tokenColumns(c.tokens as string | null, n);
  const { input, output, total } = tokens;
  return { count: n, keyOf, keys, latency: numberColumn(c.lat as string | null, n, Number.NaN), error, bucket, input, output, total, tokens };
}

/** Span-level rows: every span of the selected traces (`model`: only the spans that name one). */
function spanRows(db: SqliteConnection, q: StatsQuery, by: "model" | "span.type" | "span.name"): StatsRows {
  const where = conditions(q);
  if (by === "model") where.sql += " AND s.model IS NOT NULL";
  const cols = { ...commonColumns("s", q, by !== "model"), keys: `json_group_array(${SPAN_KEY[by]})` };
  const c = readColumns(db, cols, SPANS, where);
  const n = Number(c.n);
  const { keyOf, values } = keyColumn(c.keys as string | null, n);
  const { tokens, ...rows } = rowsOf(c, keyOf, values, q);
  // A span's model tokens are its own: its model is the key (model grouping) or the one in its token entry.
  const model = by === "model" ? keyOf : tokens.model;
  const names = by === "model" ? (values as string[]) : tokens.names;
  let count = 0;
  for (let r = 0; r < n; r++) if (model[r] >= 0) count++;
  const modelSpans = { row: new Int32Array(count), model: new Int32Array(count), input: new Float64Array(count), output: new Float64Array(count), names };
  for (let r = 0, j = 0; r < n; r++) {
    if (model[r] < 0) continue;
    modelSpans.row[j] = r;
    modelSpans.model[j] = model[r];
    modelSpans.input[j] = rows.input[r];
    modelSpans.output[j] = rows.output[r];
    j++;
  }
  return { ...rows, modelSpans };
}

/** Trace-level rows, their key (a column, or a tag/metadata value from `terms`), and their model spans' tokens. */
function traceRows(db: SqliteConnection, q: StatsQuery, check: () => void): StatsRows {
  const g = q.grouping as Extract<StatsGrouping, { level: "trace" }>;
  const where = conditions(q);
  const cols = { ...commonColumns("t", q), ids: "group_concat(t.id)" };
  if (g.by === "trace.name" || g.by === "status") Object.assign(cols, { keys: `json_group_array(${TRACE_KEY[g.by]})` });
  const c = readColumns(db, cols, TRACES, where);
  const n = Number(c.n);
  const ids = numberColumn(c.ids as string | null, n, 0);
  const rowOf = rowIndex(ids);
  let keyed: { keyOf: Int32Array | undefined; values: (string | null)[] } = { keyOf: undefined, values: [] };
  if (g.by === "trace.name" || g.by === "status") keyed = keyColumn(c.keys as string | null, n);
  else if (g.by === "tag" || g.by === "metadata") keyed = termKeys(db, q.keyFieldId, n, rowOf);
  check();

  // The model spans of the selected traces: when they are most of the store, read straight off `spans` in key
  // order (the rows of unselected traces are dropped by rowOf below), which costs half the seeks of the join.
  const most = n * 2 >= Number(db.prepare<{ n: number }>("SELECT count(*) AS n FROM traces").get()?.n ?? 0);
  const m = readColumns(
    db,
    { ids: "group_concat(s.trace_pk)", i: "group_concat(ifnull(s.input_tokens, ''))", o: "group_concat(ifnull(s.output_tokens, ''))", models: "json_group_array(s.model)" },
    most ? "spans s" : SPANS,
    most ? { sql: `${continueCheck("s.trace_pk", 1023)} AND s.model IS NOT NULL`, params: [] } : { sql: `${where.sql} AND s.model IS NOT NULL`, params: where.params },
  );
  const mn = Number(m.n);
  const spanTrace = numberColumn(m.ids as string | null, mn, 0);
  const row = new Int32Array(mn);
  for (let j = 0; j < mn; j++) row[j] = rowOf(spanTrace[j]);
  const models = keyColumn(m.models as string | null, mn);
  const input = numberColumn(m.i as string | null, mn, 0);
  const output = numberColumn(m.o as string | null, mn, 0);
  const { tokens: _, ...rows } = rowsOf(c, keyed.keyOf, keyed.values, q);
  return { ...rows, modelSpans: { row, model: models.keyOf, input, output, names: models.values as string[] } };
}

/** Row index of each trace's row key (a typed array when the keys are dense, as they are unless many were deleted). */
function rowIndex(ids: Float64Array): (id: number) => number {
  let max = 0;
  for (const id of ids) if (id > max) max = id;
  if (max <= 4 * ids.length + 1024) {
    const at = new Int32Array(max + 1).fill(-1);
    ids.forEach((id, r) => (at[id] = r));
    return (id) => at[id] ?? -1;
  }
  const at = new Map<number, number>();
  ids.forEach((id, r) => at.set(id, r));
  return (id) => at.get(id) ?? -1;
}

/**
 * Each row's value of the grouped tag or metadata key, read as one range of `terms` in index order (value, then
 * trace): the row keys of each value, concatenated. Traces without the key (or not selected) keep the null key.
 */
function termKeys(db: SqliteConnection, fieldId: number | undefined, n: number, rowOf: (id: number) => number): { keyOf: Int32Array; values: (string | null)[] } {
  const values: (string | null)[] = [null];
  const keyOf = new Int32Array(n);
  if (fieldId === undefined) return { keyOf, values };
  const byValue = db
    .prepare<{ value: string; ids: string }>(
      `SELECT value, group_concat(trace_pk) AS ids, count(*) AS n FROM terms WHERE field = ? AND ${continueCheck("trace_pk", 1023)} GROUP BY value`,
    )
    .all(fieldId) as { value: string; ids: string; n: number }[];
  for (const { value, ids, n: count } of byValue) {
    const k = values.length;
    values.push(String(value));
    for (const id of numberColumn(ids, count, 0)) {
      const r = rowOf(id);
      if (r >= 0) keyOf[r] = k;
    }
  }
  return { keyOf, values };
}
