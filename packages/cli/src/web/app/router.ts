import { decodeSegment } from "../../decode-segment.js";
import { runFilter } from "../../filter-text.js";
import { parseRunRoutes, type CompareRoute, type RunRoute, type RunsRoute } from "./run-routes.js";
import { parseAnalysisRoute, type AnalysisRoute } from "./analysis-route.js";

/** The trace list, with the search that produced it. */
export interface ListRoute {
  page: "list";
  experiment: string;
  filter: string;
  orderBy: string;
}

/** One trace, with the selected span. */
export interface TraceRoute {
  page: "trace";
  traceId: string;
  spanId: string;
}

/** The conversations of the store (or of one experiment). */
export interface SessionsRoute {
  page: "sessions";
  experiment: string;
}

/** One conversation: its traces as turns, oldest first. */
export interface SessionRoute {
  page: "session";
  sessionId: string;
}

/** Where the viewer is: kept in the URL hash so reloads, links and the back button work. */
export type Route = ListRoute | TraceRoute | SessionsRoute | SessionRoute | RunsRoute | RunRoute | CompareRoute | AnalysisRoute;

/** The default sort: newest first. */
export const DEFAULT_ORDER = "timestamp_ms DESC";

/** Reads a route from `location.hash`. */
export function parseRoute(hash: string): Route {
  const [path, query = ""] = hash.replace(/^#/, "").split("?", 2);
  const params = new URLSearchParams(query);
  const m = /^\/trace\/([^/]+)$/.exec(path);
  if (m) return { page: "trace", traceId: decodeSegment(m[1]), spanId: params.get("span") ?? "" };
  if (path === "/sessions") return { page: "sessions", experiment: params.get("experiment") ?? "" };
  const runRoute = parseRunRoutes(path, params);
  if (runRoute) return runRoute;
  if (path === "/analysis") return parseAnalysisRoute(params);
  const session = /^\/session\/([^/]+)$/.exec(path);
  if (session) return { page: "session", sessionId: decodeSegment(session[1]) };
  return {
    page: "list",
    experiment: params.get("experiment") ?? "",
    filter: params.get("filter") ?? "",
    orderBy: params.get("orderBy") ?? DEFAULT_ORDER,
  };
}

/** The hash of a list route; defaults are left out. */
export function listHash(route: Omit<ListRoute, "page">): string {
  const params = new URLSearchParams();
  if (route.experiment) params.set("experiment", route.experiment);
  if (route.filter) params.set("filter", route.filter);
  if (route.orderBy && route.orderBy !== DEFAULT_ORDER) params.set("orderBy", route.orderBy);
  const qs = params.toString();
  return qs ? `#/traces?${qs}` : "#/";
}

/** The hash of a trace page. */
export function traceHash(traceId: string, spanId = ""): string {
  return `#/trace/${encodeURIComponent(traceId)}${spanId ? `?span=${encodeURIComponent(spanId)}` : ""}`;
}

/** The hash of the sessions page. */
export function sessionsHash(experiment = ""): string {
  return experiment ? `#/sessions?experiment=${encodeURIComponent(experiment)}` : "#/sessions";
}

/** The trace list of one run's traces, oldest first (its filter is editable in the search box). */
export function runTracesHash(runId: string): string {
  return listHash({ experiment: "", filter: runFilter(runId), orderBy: "timestamp_ms ASC" });
}

/** The hash of one session's page. */
export function sessionHash(sessionId: string): string {
  return `#/session/${encodeURIComponent(sessionId)}`;
}
