import { FilterSyntaxError, SearchOptionError, StatsOptionError, type TraceStore } from "@traceloom/core";
import type { PriceTable } from "../pricing/price-table.js";
import { UserError } from "../store-access.js";
import { experimentIds } from "../trace-query.js";
import { countedItems } from "./counted-items.js";
import { normalizeGroupBy } from "./group-by.js";
import { groupReports, type StatsReport } from "./stats-report.js";
import { autoBucket, checkRange } from "./time-range.js";

/** A stats question as the CLI and the viewer phrase it. */
export interface StatsQuery {
  /** Experiment ID or name; all experiments when omitted. */
  experiment?: string;
  /** MLflow filter grammar, as in a search. */
  filter?: string;
  /** Traces started at or after this time (ms since the epoch). */
  fromMs?: number;
  /** Traces started before this time (exclusive). */
  toMs?: number;
  /** A grouping (see `normalizeGroupBy`); none when omitted. */
  groupBy?: string;
  /** Series over time with buckets of this many ms; "auto" picks a round size for the range; none when omitted. */
  bucket?: number | "auto";
}

/** The start times of the oldest and newest matching traces; undefined when none match. */
function extentOf(store: TraceStore, ids: string[] | undefined, filter: string | undefined): { fromMs: number; toMs: number } | undefined {
  const edge = (order: string) => store.searchTraces({ experimentIds: ids, filter, orderBy: [`timestamp_ms ${order}`], maxResults: 1, includeSpans: false }).traces[0];
  const first = edge("ASC");
  const last = edge("DESC");
  return first && last ? { fromMs: first.info.timestampMs, toMs: last.info.timestampMs } : undefined;
}

/**
 * The bucket size a query asks for, "auto" resolved against the asked range. An open end of the range is the oldest
 * or newest matching trace: the filter alone finds it, since any trace inside the range is within those bounds.
 */
function bucketOf(store: TraceStore, query: StatsQuery, ids: string[] | undefined, filter: string | undefined): number | undefined {
  if (query.bucket === undefined) return undefined;
  const { fromMs, toMs } = query;
  const found = fromMs === undefined || toMs === undefined ? extentOf(store, ids, filter) : { fromMs, toMs };
  const extent = found && { fromMs: fromMs ?? found.fromMs, toMs: toMs ?? found.toMs };
  const usable = extent && extent.toMs >= extent.fromMs ? extent : undefined;
  const bucketMs = query.bucket === "auto" ? (usable ? autoBucket(usable.toMs - usable.fromMs) : undefined) : query.bucket;
  checkRange(fromMs, toMs, bucketMs, usable);
  return bucketMs;
}

/** The user's mistake behind a failed stats query as a bad-usage {@link UserError}, or undefined when it was not one. */
function usageError(err: unknown): UserError | undefined {
  if (err instanceof FilterSyntaxError) return new UserError(err.message, 2, err.position);
  if (err instanceof SearchOptionError || err instanceof StatsOptionError) return new UserError(err.message, 2);
  return undefined;
}

/**
 * Counts, error rates, latency percentiles, tokens and estimated cost of the traces a query matches, overall and per
 * group (computed in the store), with series over time when a bucket is asked for. Bad input (filter, grouping,
 * range, bucket) is a bad-usage {@link UserError}, an unknown experiment a failure; a query past the store's deadline
 * throws its QueryTimeoutError.
 */
export function queryStats(store: TraceStore, query: StatsQuery, prices: PriceTable): StatsReport {
  const groupBy = normalizeGroupBy(query.groupBy);
  // Untrimmed, so a syntax error's position points into the filter as typed.
  const filter = query.filter?.trim() ? query.filter : undefined;
  checkRange(query.fromMs, query.toMs, undefined);
  try {
    const ids = experimentIds(store, query.experiment);
    const bucketMs = bucketOf(store, query, ids, filter);
    const stats = store.traceStats({ experimentIds: ids, filter, startTimeMs: query.fromMs, endTimeMs: query.toMs, groupBy, bucketMs });
    return {
      groupBy,
      counts: countedItems(groupBy),
      filter: filter?.trim() ?? null,
      experimentId: ids?.[0] ?? null,
      fromMs: query.fromMs ?? null,
      toMs: query.toMs ?? null,
      bucketMs: bucketMs ?? null,
      ...groupReports(stats, prices),
    };
  } catch (err) {
    throw usageError(err) ?? err;
  }
}
