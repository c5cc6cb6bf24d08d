import type { TraceField } from "../filter/ast.js";
import type { SpanFact } from "../trace-facts.js";
import {
  compareGroups,
  percentileRank,
  type LatencyStats,
  type ModelTokens,
  type StatsBucket,
  type StatsGroup,
  type StatsGrouping,
  type TraceStats,
} from "./stats-types.js";

/** What the in-memory stats read of one trace (the memory store's searchable facts). */
export interface StatsTrace {
  fields: Record<TraceField, string | number | null>;
  tags: Record<string, string>;
  metadata: Record<string, string>;
  spans: SpanFact[];
}

/** One counted item: a trace, or a span of a trace. */
interface Row {
  key: string | null;
  timestampMs: number;
  error: boolean;
  /** Trace execution time (ms) or span duration (µs). */
  latency: number | null;
  input: number;
  output: number;
  total: number;
  models: SpanFact[];
}

/**
 * Stats over traces already filtered, computed in JS — the reference semantics the SQLite store's SQL reproduces
 * (same nearest-rank percentiles, same grouping, same bucket alignment).
 */
export function computeStats(traces: StatsTrace[], grouping: StatsGrouping, maxGroups: number, bucketMs: number | undefined): TraceStats {
  const rows = grouping.level === "trace" ? traces.map((t) => traceRow(t, grouping)) : traces.flatMap((t) => spanRows(t, grouping.by));
  // Span durations are whole µs (as stored in SQLite); reported in ms.
  const scale = grouping.level === "span" ? 1000 : 1;
  const total = aggregate(null, rows, scale, bucketMs);
  if (grouping.level === "trace" && grouping.by === "none") return { total, groups: [] };
  const byKey = new Map<string | null, Row[]>();
  for (const r of rows) {
    const list = byKey.get(r.key);
    if (list) list.push(r);
    else byKey.set(r.key, [r]);
  }
  const groups = [...byKey].map(([key, list]) => aggregate(key, list, scale, bucketMs)).sort(compareGroups);
  const stats: TraceStats = { total, groups: groups.slice(0, maxGroups) };
  if (groups.length > maxGroups) stats.truncatedGroups = groups.length - maxGroups;
  return stats;
}

function traceRow(t: StatsTrace, grouping: Extract<StatsGrouping, { level: "trace" }>): Row {
  const f = t.fields;
  let key: string | null = null;
  if (grouping.by === "trace.name") key = f.name as string | null;
  else if (grouping.by === "status") key = f.status as string;
  else if (grouping.by === "tag") key = t.tags[grouping.key] ?? null;
  else if (grouping.by === "metadata") key = t.metadata[grouping.key] ?? null;
  return {
    key,
    timestampMs: f.timestamp_ms as number,
    error: f.status === "ERROR",
    latency: f.execution_time_ms as number | null,
    input: (f.input_tokens as number | null) ?? 0,
    output: (f.output_tokens as number | null) ?? 0,
    total: (f.total_tokens as number | null) ?? 0,
    models: t.spans.filter((s) => s.model !== null),
  };
}

function spanRows(t: StatsTrace, by: "model" | "span.type" | "span.name"): Row[] {
  const spans = by === "model" ? t.spans.filter((s) => s.model !== null) : t.spans;
  return spans.map((s) => ({
    key: by === "model" ? s.model : by === "span.type" ? s.type : s.name,
    timestampMs: t.fields.timestamp_ms as number,
    error: s.status === "ERROR",
    latency: s.durationUs,
    input: s.inputTokens ?? 0,
    output: s.outputTokens ?? 0,
    total: s.totalTokens ?? 0,
    models: s.model === null ? [] : [s],
  }));
}

function aggregate(key: string | null, rows: Row[], scale: number, bucketMs: number | undefined): StatsGroup {
  const group: StatsGroup = {
    key,
    count: rows.length,
    errorCount: rows.filter((r) => r.error).length,
    latencyMs: latencyOf(rows, scale),
    inputTokens: sum(rows, (r) => r.input),
    outputTokens: sum(rows, (r) => r.output),
    totalTokens: sum(rows, (r) => r.total),
    tokensByModel: tokensByModel(rows),
  };
  if (bucketMs !== undefined) group.series = seriesOf(rows, scale, bucketMs);
  return group;
}

function sortedLatencies(rows: Row[]): number[] {
  return rows
    .map((r) => r.latency)
    .filter((v): v is number => v !== null)
    .sort((a, b) => a - b);
}

/** Latencies are kept in the unit stored (ms for traces, µs for spans) and divided by `scale` last, as in SQL. */
function latencyOf(rows: Row[], scale: number): LatencyStats | null {
  const values = sortedLatencies(rows);
  if (values.length === 0) return null;
  const at = (p: number) => values[percentileRank(p, values.length) - 1] / scale;
  return { p50: at(50), p90: at(90), p99: at(99), mean: sum(values, (v) => v) / values.length / scale, max: values[values.length - 1] / scale };
}

function tokensByModel(rows: Row[]): ModelTokens[] {
  const byModel = new Map<string, ModelTokens>();
  for (const r of rows) {
    for (const s of r.models) {
      const model = s.model as string;
      const m = byModel.get(model) ?? { model, inputTokens: 0, outputTokens: 0 };
      m.inputTokens += s.inputTokens ?? 0;
      m.outputTokens += s.outputTokens ?? 0;
      byModel.set(model, m);
    }
  }
  return [...byModel.values()].sort((a, b) => (a.model < b.model ? -1 : a.model > b.model ? 1 : 0));
}

function seriesOf(rows: Row[], scale: number, bucketMs: number): StatsBucket[] {
  const buckets = new Map<number, Row[]>();
  for (const r of rows) {
    const start = Math.floor(r.timestampMs / bucketMs) * bucketMs;
    const list = buckets.get(start);
    if (list) list.push(r);
    else buckets.set(start, [r]);
  }
  return [...buckets]
    .sort((a, b) => a[0] - b[0])
    .map(([startMs, list]) => {
      const values = sortedLatencies(list);
      return {
        startMs,
        count: list.length,
        errorCount: list.filter((r) => r.error).length,
        p50Ms: values.length ? values[percentileRank(50, values.length) - 1] / scale : null,
        totalTokens: sum(list, (r) => r.total),
        tokensByModel: tokensByModel(list),
      };
    });
}

function sum<T>(items: T[], f: (item: T) => number): number {
  let n = 0;
  for (const item of items) n += f(item);
  return n;
}
