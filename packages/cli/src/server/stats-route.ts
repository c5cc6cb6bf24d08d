import { QueryTimeoutError } from "@traceloom/core";
import { queryStats, type StatsQuery } from "../stats/stats-query.js";
import { UserError } from "../store-access.js";
import type { ApiContext, ApiResult } from "./api-routes.js";
import type { ErrorResponse } from "./api-types.js";

/** A time parameter: milliseconds since the epoch, or absent. */
function timeParam(params: URLSearchParams, name: string): number | undefined {
  const raw = params.get(name);
  if (raw === null || raw === "") return undefined;
  if (!/^\d{1,15}$/.test(raw)) throw new UserError(`${name} must be a time in milliseconds since the epoch, got "${raw}"`, 2);
  return Number(raw);
}

/** The bucket parameter: "auto", a positive number of milliseconds, or absent. */
function bucketParam(params: URLSearchParams): StatsQuery["bucket"] {
  const raw = params.get("bucket");
  if (raw === null || raw === "") return undefined;
  if (raw === "auto") return "auto";
  if (!/^\d{1,12}$/.test(raw) || Number(raw) < 1) throw new UserError(`bucket must be "auto" or a positive number of milliseconds, got "${raw}"`, 2);
  return Number(raw);
}

/**
 * `GET /api/stats?filter=&experiment=&from=&to=&groupBy=&bucket=`: the {@link StatsReport} of the matching traces.
 * Bad parameters answer 400 with the message (and the filter position of a syntax error); a query past the deadline
 * answers 503 "narrow it", as searches do.
 */
export function statsRoute(ctx: ApiContext, params: URLSearchParams): ApiResult {
  try {
    const query: StatsQuery = {
      experiment: params.get("experiment") || undefined,
      filter: params.get("filter") || undefined,
      fromMs: timeParam(params, "from"),
      toMs: timeParam(params, "to"),
      groupBy: params.get("groupBy") || undefined,
      bucket: bucketParam(params),
    };
    return { status: 200, body: queryStats(ctx.store, query, ctx.prices) };
  } catch (err) {
    if (err instanceof UserError) {
      const body: ErrorResponse = err.position === undefined ? { error: err.message } : { error: err.message, position: err.position };
      return { status: 400, body };
    }
    if (err instanceof QueryTimeoutError) return { status: 503, body: { error: err.message } satisfies ErrorResponse };
    throw err;
  }
}
