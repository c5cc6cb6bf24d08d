/** Options of {@link TraceStore.traceStats}. */
export interface TraceStatsOptions {
  /** Experiments to include; all when omitted. */
  experimentIds?: string[];
  /** Which traces: any filter of the search grammar (free text included). */
  filter?: string;
  /** Traces that started at or after this time (ms since the epoch). */
  startTimeMs?: number;
  /** Traces that started before this time (ms since the epoch, exclusive). */
  endTimeMs?: number;
  /**
   * `"none"` (the default), `"trace.name"`, `"status"`, `"tags.<key>"`, `"metadata.<key>"` (trace-level: each group
   * counts traces), or `"model"`, `"span.type"`, `"span.name"` (span-level: each group counts the spans of the
   * matching traces; `model` only the CHAT_MODEL / LLM / EMBEDDING spans that name a model).
   */
  groupBy?: string;
  /** When given, every group carries a `series` of buckets this wide (aligned to the epoch), by trace start time. */
  bucketMs?: number;
  /** Most groups returned, largest first (default 100, at most 1000); the rest are counted in `truncatedGroups`. */
  maxGroups?: number;
  /** As in `SearchTracesOptions.timeoutMs`: past it, the SQLite store throws a QueryTimeoutError. */
  timeoutMs?: number;
}

/** Latency percentiles of a group, ms (nearest rank: p50 is the value at rank ⌈0.5·n⌉ of the sorted latencies). */
export interface LatencyStats {
  p50: number;
  p90: number;
  p99: number;
  mean: number;
  max: number;
}

/** Tokens of one model, summed over the model spans of a group (for pricing by the caller). */
export interface ModelTokens {
  model: string;
  inputTokens: number;
  outputTokens: number;
}

/** One time bucket of a group's series. */
export interface StatsBucket {
  /** Bucket start, ms since the epoch (a multiple of bucketMs). */
  startMs: number;
  count: number;
  errorCount: number;
  p50Ms: number | null;
  totalTokens: number;
  /**
   * The bucket's model-span tokens by model, sorted by model (as {@link StatsGroup.tokensByModel}), for cost over
   * time. Both stores fill it; optional so that a caller built for an older store reads a missing one as "unknown".
   */
  tokensByModel?: ModelTokens[];
}

/** Aggregates of one group (or of everything, as `TraceStats.total`). */
export interface StatsGroup {
  /** The group's value (tag value, model, status…); null for "no value" (e.g. traces without the tag), and for the total. */
  key: string | null;
  /** Traces (trace-level groupings) or spans (span-level). */
  count: number;
  /** Traces in state ERROR, or spans with status ERROR. */
  errorCount: number;
  /** Trace execution time or span duration; null when none of them has one. */
  latencyMs: LatencyStats | null;
  /** Trace token usage (trace-level) or the spans' own usage (span-level); missing counts 0. */
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  /** Tokens of the group's model spans by model, sorted by model. */
  tokensByModel: ModelTokens[];
  /** Non-empty buckets in time order, only when `bucketMs` was given. */
  series?: StatsBucket[];
}

/** The answer of {@link TraceStore.traceStats}. */
export interface TraceStats {
  /** Everything counted (all groups together, including truncated ones). */
  total: StatsGroup;
  /** Largest count first, then by key (null last); empty for `groupBy: "none"`. */
  groups: StatsGroup[];
  /** How many groups were left out past `maxGroups`; absent when none. */
  truncatedGroups?: number;
}

/** A parsed `groupBy`. */
export type StatsGrouping =
  | { level: "trace"; by: "none" | "trace.name" | "status" }
  | { level: "trace"; by: "tag" | "metadata"; key: string }
  | { level: "span"; by: "model" | "span.type" | "span.name" };

/** A `groupBy` or other stats option the store cannot use: the caller's mistake. */
export class StatsOptionError extends TypeError {
  override readonly name = "StatsOptionError";
}

/** Parses `groupBy`; throws a {@link StatsOptionError} naming the valid forms. */
export function parseGrouping(groupBy: string | undefined): StatsGrouping {
  const g = (groupBy ?? "none").trim();
  if (g === "none" || g === "" || g === "trace.name" || g === "status") return { level: "trace", by: g === "" ? "none" : g };
  if (g === "model" || g === "span.type" || g === "span.name") return { level: "span", by: g };
  const m = /^(tags|metadata)\.(.+)$/.exec(g);
  if (m) return { level: "trace", by: m[1] === "tags" ? "tag" : "metadata", key: m[2].replace(/^`(.*)`$/, "$1") };
  throw new StatsOptionError(
    `Invalid groupBy "${groupBy}": use none, trace.name, status, model, span.type, span.name, tags.<key> or metadata.<key>`,
  );
}

/** Checked numeric options: group limit and bucket width. */
export function statsLimits(options: TraceStatsOptions): { maxGroups: number; bucketMs: number | undefined } {
  const maxGroups = options.maxGroups ?? 100;
  if (!Number.isInteger(maxGroups) || maxGroups < 1 || maxGroups > 1000) {
    throw new StatsOptionError(`maxGroups must be an integer from 1 to 1000, got ${maxGroups}`);
  }
  const bucketMs = options.bucketMs;
  if (bucketMs !== undefined && (!Number.isSafeInteger(bucketMs) || bucketMs < 1)) {
    throw new StatsOptionError(`bucketMs must be a positive integer, got ${bucketMs}`);
  }
  for (const k of ["startTimeMs", "endTimeMs"] as const) {
    const v = options[k];
    if (v !== undefined && !Number.isFinite(v)) throw new StatsOptionError(`${k} must be a number of ms since the epoch, got ${v}`);
  }
  return { maxGroups, bucketMs };
}

/** The rank (1-based) of percentile `p` among `n` sorted values: nearest rank, ⌈p·n/100⌉, at least 1. */
export function percentileRank(p: number, n: number): number {
  return Math.max(1, Math.floor((p * n + 99) / 100));
}

/** Groups in answer order: largest count first, then key (null last). */
export function compareGroups(a: Pick<StatsGroup, "key" | "count">, b: Pick<StatsGroup, "key" | "count">): number {
  if (a.count !== b.count) return b.count - a.count;
  if (a.key === b.key) return 0;
  if (a.key === null) return 1;
  if (b.key === null) return -1;
  return a.key < b.key ? -1 : 1;
}
