import { QueryTimeoutError, type RunSummary } from "@traceloom/core";
import { decodeSegment } from "../decode-segment.js";
import { RUN_ID_PATTERN } from "../run-id.js";
import { UserError } from "../store-access.js";
import { experimentIds } from "../trace-query.js";
import type { ApiContext, ApiResult } from "./api-routes.js";

/** `GET /api/runs`: runs, most recently active first. */
export interface RunsResponse {
  runs: RunSummary[];
}

/** `GET /api/runs/:id`: one run. */
export interface RunResponse {
  run: RunSummary;
}

function error(status: number, message: string): ApiResult {
  return { status, body: { error: message } };
}

function listRuns(ctx: ApiContext, params: URLSearchParams): ApiResult {
  const size = Number(params.get("maxResults") ?? 100);
  if (!Number.isInteger(size) || size < 1 || size > 1000) return error(400, "maxResults must be an integer from 1 to 1000");
  const body: RunsResponse = { runs: ctx.store.listRuns({ experimentIds: experimentIds(ctx.store, params.get("experiment") || undefined), maxResults: size }) };
  return { status: 200, body };
}

function getRun(ctx: ApiContext, runId: string): ApiResult {
  if (!RUN_ID_PATTERN.test(runId)) return error(400, `"${runId}" is not a valid run ID`);
  const [run] = ctx.store.listRuns({ runId, maxResults: 1 });
  if (!run) return error(404, `No run ${runId} in this store`);
  const body: RunResponse = { run };
  return { status: 200, body };
}

/** Answers `/api/runs` and `/api/runs/:id`; undefined for any other path. */
export function routeRuns(ctx: ApiContext, path: string, params: URLSearchParams): ApiResult | undefined {
  const one = /^\/api\/runs\/([^/]+)$/.exec(path);
  if (path !== "/api/runs" && !one) return undefined;
  try {
    return one ? getRun(ctx, decodeSegment(one[1])) : listRuns(ctx, params);
  } catch (err) {
    if (err instanceof UserError) return error(400, err.message);
    if (err instanceof QueryTimeoutError) return error(503, err.message);
    throw err;
  }
}
