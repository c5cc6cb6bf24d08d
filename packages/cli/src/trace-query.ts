import { FilterSyntaxError, SearchOptionError, type Trace, type TraceStore } from "@traceloom/core";
import type { PriceTable } from "./pricing/price-table.js";
import { TraceCostCache } from "./pricing/trace-cost-cache.js";
import { UserError } from "./store-access.js";

/** A search as the CLI and the viewer phrase it. */
export interface TraceQuery {
  /** Experiment ID or name; all experiments when omitted. */
  experiment?: string;
  /** MLflow filter grammar, e.g. `status = 'ERROR' AND span.type = 'TOOL'`. */
  filter?: string;
  /** `<field> [ASC|DESC]` with field timestamp_ms, execution_time_ms, name, status, total_tokens or cost. */
  orderBy?: string;
  maxResults?: number;
  pageToken?: string;
  /** Ordering by cost sorts at most this many of the newest matching traces; default {@link MAX_COST_SORTED}. */
  costSortLimit?: number;
}

/** One page of results. */
export interface TracePage {
  traces: Trace[];
  nextPageToken?: string;
  /**
   * Set when ordering by cost reached the limit: the order covers only this many of the newest matching traces
   * (older ones are left out). Say so to the user.
   */
  sortedAmong?: number;
}

/** Most traces sorted in memory when ordering by cost (cost is not a stored column). */
export const MAX_COST_SORTED = 5000;

/** Traces read per page of the store's search. */
const STORE_PAGE = 500;

/** The experiment IDs an `--experiment` / `experiment=` value (an ID or a name) names; all when empty. */
export function experimentIds(store: TraceStore, experiment: string | undefined): string[] | undefined {
  if (experiment === undefined || experiment === "") return undefined;
  const all = store.listExperiments();
  const found = all.find((e) => e.experimentId === experiment) ?? all.find((e) => e.name === experiment);
  if (!found) {
    const known = all.map((e) => `${e.experimentId} (${e.name})`).join(", ");
    throw new UserError(`Unknown experiment "${experiment}". Known experiments: ${known || "none"}`);
  }
  return [found.experimentId];
}

function costOrder(orderBy: string | undefined): "ASC" | "DESC" | undefined {
  const m = /^\s*cost(?:_usd)?\s*(ASC|DESC)?\s*$/i.exec(orderBy ?? "");
  return m ? ((m[1]?.toUpperCase() as "ASC" | "DESC" | undefined) ?? "ASC") : undefined;
}

function decodeOffset(token: string | undefined): number {
  if (!token) return 0;
  const m = /^cost:(\d+)$/.exec(Buffer.from(token, "base64url").toString("utf8"));
  if (!m) throw new UserError(`Invalid page token "${token}"`, 2);
  return Number(m[1]);
}

function searchByCost(store: TraceStore, query: TraceQuery, costs: TraceCostCache, direction: "ASC" | "DESC"): TracePage {
  const ids = experimentIds(store, query.experiment);
  const limit = query.costSortLimit ?? MAX_COST_SORTED;
  const infos: Trace[] = [];
  let token: string | undefined;
  for (let pages = 0; pages <= limit / STORE_PAGE && infos.length < limit; pages++) {
    const size = Math.min(STORE_PAGE, limit - infos.length);
    const page = store.searchTraces({ experimentIds: ids, filter: query.filter, maxResults: size, pageToken: token, includeSpans: false });
    infos.push(...page.traces);
    token = page.nextPageToken;
    if (!token) break;
  }
  const scored = infos.map((info) => ({ id: info.traceId, usd: costs.usdOf(info, () => store.getTrace(info.traceId)) ?? -1 }));
  scored.sort((a, b) => (direction === "ASC" ? a.usd - b.usd : b.usd - a.usd));
  const offset = decodeOffset(query.pageToken);
  const size = query.maxResults ?? 100;
  const next = offset + size < scored.length ? Buffer.from(`cost:${offset + size}`).toString("base64url") : undefined;
  const traces = scored.slice(offset, offset + size).flatMap(({ id }) => store.getTrace(id) ?? []);
  return { traces, nextPageToken: next, sortedAmong: token ? infos.length : undefined };
}

/**
 * Runs a search with spans loaded (the cost column needs them). Ordering by cost reads the costs through `costs`
 * (pass one that lives as long as the store is open, so repeated searches reuse them). Errors the user can fix become a
 * {@link UserError}: bad usage (exit 2) for a bad filter (with its position), an unknown field to order by or a
 * bad page token; a failure (exit 1) for an unknown experiment. Anything else is thrown as it is.
 */
export function queryTraces(store: TraceStore, query: TraceQuery, prices: PriceTable, costs = new TraceCostCache(prices)): TracePage {
  try {
    const byCost = costOrder(query.orderBy);
    if (byCost) return searchByCost(store, query, costs.prices === prices ? costs : new TraceCostCache(prices), byCost);
    return store.searchTraces({
      experimentIds: experimentIds(store, query.experiment),
      filter: query.filter,
      orderBy: query.orderBy ? [query.orderBy] : undefined,
      maxResults: query.maxResults,
      pageToken: query.pageToken,
      includeSpans: true,
    });
  } catch (err) {
    throw usageError(err, query) ?? err;
  }
}

/** The fields a search can be ordered by: the store's columns, and cost (sorted here). */
export const ORDER_FIELDS = ["timestamp_ms", "execution_time_ms", "name", "status", "total_tokens", "cost"] as const;

/** The user's mistake behind a failed search as a bad-usage {@link UserError}, or undefined when it was not one. */
function usageError(err: unknown, query: TraceQuery): UserError | undefined {
  if (err instanceof FilterSyntaxError) return new UserError(err.message, 2, err.position);
  if (!(err instanceof SearchOptionError)) return undefined;
  if (err.option === "orderBy") {
    return new UserError(`Invalid orderBy "${query.orderBy}": use "<field> [ASC|DESC]" with field one of ${ORDER_FIELDS.join(", ")}`, 2);
  }
  return new UserError(err.message, 2);
}
