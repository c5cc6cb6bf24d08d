import type { StatsBucket, StatsGroup, TraceStats } from "@traceloom/core";
import { modelsCost, type ModelsCost } from "../pricing/models-cost.js";
import type { PriceTable } from "../pricing/price-table.js";
import type { CountedItems } from "./counted-items.js";

/** One time bucket of a group's series, with the estimated cost of its model calls. */
export interface BucketReport {
  startMs: number;
  count: number;
  errorCount: number;
  p50Ms: number | null;
  totalTokens: number;
  /** The bucket's model-span tokens by model; absent when the store does not report them (cost unknown). */
  tokensByModel?: { model: string; inputTokens: number; outputTokens: number }[];
  /**
   * Estimated from tokensByModel as a group's cost: null when no model used tokens; absent when tokensByModel is
   * (the cost is unknown, not zero).
   */
  cost?: ModelsCost | null;
}

/** One group of a {@link StatsReport}: the store's aggregates with the error rate and an estimated cost added. */
export interface GroupReport {
  /** The group's value (a model, a span type, a tag value, …); null for "none set" (and for the total). */
  key: string | null;
  /** Traces, model calls or spans (see {@link StatsReport.counts}). */
  count: number;
  errorCount: number;
  /** errorCount / count; null when the group is empty. */
  errorRate: number | null;
  latencyMs: { p50: number; p90: number; p99: number; mean: number; max: number } | null;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  tokensByModel: { model: string; inputTokens: number; outputTokens: number }[];
  /** Estimated from tokensByModel with the CLI's price table; null when no model used tokens. */
  cost: ModelsCost | null;
  /** Per time bucket, oldest first (only when the report has a bucket). */
  series?: BucketReport[];
}

/** What `GET /api/stats` answers and `traceloom stats --json` prints. */
export interface StatsReport {
  /** The grouping in the store's spelling: none, model, span.type, span.name, trace.name, status, tags.<key>, metadata.<key>. */
  groupBy: string;
  /** What `count` counts: model calls for model, spans for span.type / span.name, else traces. */
  counts: CountedItems;
  filter: string | null;
  /** The experiment ID the report covers; null for all. */
  experimentId: string | null;
  /** The time range asked for (ms since the epoch); null where open. */
  fromMs: number | null;
  toMs: number | null;
  /** The bucket of the series; null when there are none. */
  bucketMs: number | null;
  total: GroupReport;
  /** Largest count first. */
  groups: GroupReport[];
  /** Groups left out because there were too many (the smallest); 0 when none. */
  truncatedGroups: number;
}

/** A store group with its error rate and the cost of its tokens at `prices`. */
export function groupReport(group: StatsGroup, prices: PriceTable): GroupReport {
  return {
    key: group.key,
    count: group.count,
    errorCount: group.errorCount,
    errorRate: group.count === 0 ? null : group.errorCount / group.count,
    latencyMs: group.latencyMs,
    inputTokens: group.inputTokens,
    outputTokens: group.outputTokens,
    totalTokens: group.totalTokens,
    tokensByModel: group.tokensByModel,
    cost: modelsCost(group.tokensByModel, prices) ?? null,
    ...(group.series ? { series: group.series.map((b) => bucketReport(b, prices)) } : {}),
  };
}

/** A store bucket with the cost of its tokens at `prices`, when the store reported them by model. */
function bucketReport(bucket: StatsBucket, prices: PriceTable): BucketReport {
  return bucket.tokensByModel ? { ...bucket, cost: modelsCost(bucket.tokensByModel, prices) ?? null } : bucket;
}

/** Every group of `stats` as a {@link GroupReport}. */
export function groupReports(stats: TraceStats, prices: PriceTable): { total: GroupReport; groups: GroupReport[]; truncatedGroups: number } {
  return {
    total: groupReport(stats.total, prices),
    groups: stats.groups.map((g) => groupReport(g, prices)),
    truncatedGroups: stats.truncatedGroups ?? 0,
  };
}
