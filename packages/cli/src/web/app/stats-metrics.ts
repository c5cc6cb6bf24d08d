import { countedItem, countedTitle } from "../../stats/counted-items.js";
import type { GroupReport, StatsReport } from "../../stats/stats-report.js";
import { formatCost, formatDuration } from "./format.js";

/** A figure shown per group, in the table and the comparison. */
export interface Metric {
  id: string;
  /** Column or row title; `counted` is what the report counts (traces, spans or model calls). */
  label(counted: StatsReport["counts"]): string;
  /** The raw number (null: no value), kept in a data-value attribute for exactness. */
  value(g: GroupReport): number | null;
  /** The number as shown. */
  format(v: number, g: GroupReport): string;
  /** Smaller is better (latency, errors, cost): the comparison marks the smallest. */
  lowerIsBetter?: boolean;
}

const tokens = (v: number) => Math.round(v).toLocaleString("en-US");
const latency = (pick: (l: NonNullable<GroupReport["latencyMs"]>) => number, id: string, label: string): Metric => ({
  id,
  label: () => label,
  value: (g) => (g.latencyMs ? pick(g.latencyMs) : null),
  format: (v) => formatDuration(v),
  lowerIsBetter: true,
});
const perCount = (v: number | null | undefined, g: GroupReport) => (v === null || v === undefined || g.count === 0 ? null : v / g.count);
const unpricedMark = (g: GroupReport) => (g.cost && g.cost.unpricedModels.length > 0 ? "*" : "");

/** Every metric, in the order the comparison lists them. */
export const METRICS: Metric[] = [
  { id: "count", label: countedTitle, value: (g) => g.count, format: tokens },
  { id: "errors", label: () => "Errors", value: (g) => g.errorCount, format: tokens, lowerIsBetter: true },
  { id: "errorRate", label: () => "Error rate", value: (g) => g.errorRate, format: (v) => `${(v * 100).toFixed(1)}%`, lowerIsBetter: true },
  latency((l) => l.p50, "p50", "Latency p50"),
  latency((l) => l.p90, "p90", "Latency p90"),
  latency((l) => l.p99, "p99", "Latency p99"),
  latency((l) => l.mean, "mean", "Latency mean"),
  latency((l) => l.max, "max", "Latency max"),
  { id: "inputTokens", label: () => "Input tokens", value: (g) => g.inputTokens, format: tokens },
  { id: "outputTokens", label: () => "Output tokens", value: (g) => g.outputTokens, format: tokens },
  { id: "totalTokens", label: () => "Tokens", value: (g) => g.totalTokens, format: tokens },
  { id: "tokensPer", label: (c) => `Tokens per ${countedItem(c)}`, value: (g) => perCount(g.totalTokens, g), format: tokens },
  { id: "cost", label: () => "Est. cost", value: (g) => g.cost?.usd ?? null, format: (v, g) => `${formatCost(v)}${unpricedMark(g)}`, lowerIsBetter: true },
  { id: "costPer", label: (c) => `Est. cost per ${countedItem(c)}`, value: (g) => perCount(g.cost?.usd, g), format: (v, g) => `${formatCost(v)}${unpricedMark(g)}`, lowerIsBetter: true },
];

/** The metric with this id. */
export function metric(id: string): Metric {
  const found = METRICS.find((m) => m.id === id);
  if (!found) throw new Error(`no metric ${id}`);
  return found;
}

/** How a group's key is shown: "(not set)" for the group of traces or spans without a value. */
export function groupLabel(key: string | null): string {
  return key ?? "(not set)";
}

/** A group key as one string (for sets and data attributes): JSON, so null and "null" stay apart. */
export function keyId(key: string | null): string {
  return JSON.stringify(key);
}
