import type { RunSummary } from "@traceloom/core";
import { h } from "./dom.js";
import { formatDuration } from "./format.js";

/** A run's status as a coloured label (FINISHED green, FAILED/KILLED red, RUNNING amber). */
export function runStatusBadge(status: RunSummary["status"]): HTMLElement {
  const kind = status === "FINISHED" ? "ok" : status === "FAILED" || status === "KILLED" ? "error" : "pending";
  return h("span", { class: `badge badge-${kind} run-status`, text: status });
}

/** How long the run took (or has been running so far). */
export function runDuration(run: RunSummary): string {
  return run.endTimeMs === null ? `${formatDuration(Date.now() - run.startTimeMs)} so far` : formatDuration(run.endTimeMs - run.startTimeMs);
}

/** "k=v, k2=v2" of a run's params, for a table cell. */
export function paramsLine(params: Record<string, string>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");
}
