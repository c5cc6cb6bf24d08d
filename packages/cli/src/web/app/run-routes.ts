import { decodeSegment } from "../../decode-segment.js";

/** The runs of the store (or of one experiment). */
export interface RunsRoute {
  page: "runs";
  experiment: string;
}

/** One run: its params, tags and traces. */
export interface RunRoute {
  page: "run";
  runId: string;
}

/** Two (or more) traces side by side. */
export interface CompareRoute {
  page: "compare";
  traceIds: string[];
}

/** The runs, run and compare routes of a hash path, or undefined for another page. */
export function parseRunRoutes(path: string, params: URLSearchParams): RunsRoute | RunRoute | CompareRoute | undefined {
  if (path === "/runs") return { page: "runs", experiment: params.get("experiment") ?? "" };
  const run = /^\/run\/([^/]+)$/.exec(path);
  if (run) return { page: "run", runId: decodeSegment(run[1]) };
  if (path === "/compare") return { page: "compare", traceIds: (params.get("ids") ?? "").split(",").map((s) => s.trim()).filter(Boolean) };
  return undefined;
}

/** The hash of the runs page. */
export function runsHash(experiment = ""): string {
  return experiment ? `#/runs?experiment=${encodeURIComponent(experiment)}` : "#/runs";
}

/** The hash of one run's page. */
export function runHash(runId: string): string {
  return `#/run/${encodeURIComponent(runId)}`;
}

/** The hash of the compare page of these traces. */
export function compareHash(traceIds: string[]): string {
  return `#/compare?ids=${traceIds.map(encodeURIComponent).join(",")}`;
}
