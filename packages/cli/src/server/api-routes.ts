import { QueryTimeoutError, type TraceStore } from "@traceloom/core";
import type { PriceTable } from "../pricing/price-table.js";
import type { TraceCostCache } from "../pricing/trace-cost-cache.js";
import { decodeSegment } from "../decode-segment.js";
import { UserError } from "../store-access.js";
import { experimentIds, queryTraces } from "../trace-query.js";
import { summarizeTrace } from "../trace-summary.js";
import { toMlflowJson } from "../export/mlflow-json.js";
import type { ErrorResponse, ExperimentsResponse, SessionsResponse, TraceDetailResponse, TracesResponse } from "./api-types.js";
import { spanViews } from "./span-view.js";
import { routeRuns } from "./run-routes.js";
import { statsRoute } from "./stats-route.js";

/** What an API route answers: JSON, or a download. */
export interface ApiResult {
  status: number;
  body: unknown;
  download?: { filename: string; text: string };
}

/** What the routes read from. */
export interface ApiContext {
  store: TraceStore;
  prices: PriceTable;
  /** Costs already computed, kept across requests (ordering by cost on every live refresh). */
  costs: TraceCostCache;
  version: string;
}

const TRACE_ID = /^tr-[0-9a-f]{32}$/;
const PAGE_SIZE = 50;

function error(status: number, message: string, position?: number): ApiResult {
  const body: ErrorResponse = position === undefined ? { error: message } : { error: message, position };
  return { status, body };
}

function listTraces(ctx: ApiContext, params: URLSearchParams): ApiResult {
  const size = Number(params.get("maxResults") ?? PAGE_SIZE);
  if (!Number.isInteger(size) || size < 1 || size > 500) return error(400, "maxResults must be an integer from 1 to 500");
  try {
    const page = queryTraces(
      ctx.store,
      {
        experiment: params.get("experiment") || undefined,
        filter: params.get("filter") || undefined,
        orderBy: params.get("orderBy") || undefined,
        pageToken: params.get("pageToken") || undefined,
        maxResults: size,
      },
      ctx.prices,
      ctx.costs,
    );
    const body: TracesResponse = {
      traces: page.traces.map((t) => summarizeTrace(t, ctx.prices)),
      nextPageToken: page.nextPageToken ?? null,
      sortedAmong: page.sortedAmong ?? null,
    };
    return { status: 200, body };
  } catch (err) {
    if (err instanceof UserError) return error(400, err.message, err.position);
    if (err instanceof QueryTimeoutError) return error(503, err.message);
    throw err;
  }
}

function listSessions(ctx: ApiContext, params: URLSearchParams): ApiResult {
  const size = Number(params.get("maxResults") ?? 100);
  if (!Number.isInteger(size) || size < 1 || size > 1000) return error(400, "maxResults must be an integer from 1 to 1000");
  try {
    const body: SessionsResponse = { sessions: ctx.store.listSessions({ experimentIds: experimentIds(ctx.store, params.get("experiment") || undefined), maxResults: size }) };
    return { status: 200, body };
  } catch (err) {
    if (err instanceof UserError) return error(400, err.message);
    if (err instanceof QueryTimeoutError) return error(503, err.message);
    throw err;
  }
}

function getTrace(ctx: ApiContext, id: string, asDownload: boolean): ApiResult {
  if (!TRACE_ID.test(id)) return error(400, `"${id}" is not a valid trace ID (expected tr- followed by 32 hex digits)`);
  const trace = ctx.store.getTrace(id);
  if (!trace) return error(404, `No trace ${id} in this store`);
  if (asDownload) return { status: 200, body: null, download: { filename: `${id}.json`, text: toMlflowJson([trace]) } };
  const body: TraceDetailResponse = { summary: summarizeTrace(trace, ctx.prices), metadata: trace.info.metadata, spans: spanViews(trace, ctx.prices), assessments: trace.info.json.assessments ?? [] };
  return { status: 200, body };
}

/** Routes a read-only API request (`/api/...`) to its handler. */
export function routeApi(ctx: ApiContext, path: string, params: URLSearchParams): ApiResult {
  if (path === "/api/info") return { status: 200, body: { store: ctx.store.uri, version: ctx.version } };
  if (path === "/api/experiments") {
    const body: ExperimentsResponse = {
      experiments: ctx.store.listExperiments().map((e) => ({ experimentId: e.experimentId, name: e.name, traceCount: e.traceCount ?? null })),
    };
    return { status: 200, body };
  }
  if (path === "/api/traces") return listTraces(ctx, params);
  if (path === "/api/sessions") return listSessions(ctx, params);
  const runs = routeRuns(ctx, path, params);
  if (runs) return runs;
  if (path === "/api/stats") return statsRoute(ctx, params);
  const m = /^\/api\/traces\/([^/]+)(\/export)?$/.exec(path);
  if (m) return getTrace(ctx, decodeSegment(m[1]), m[2] !== undefined);
  return error(404, `No API route ${path}`);
}
