import { h } from "./dom.js";
import { runHash } from "./run-routes.js";

/** The trace page's "Run" stat: a link to the run the trace was recorded in (`mlflow.sourceRun`), when there is one. */
export function runStat(metadata: Record<string, string>): HTMLElement | null {
  const runId = metadata["mlflow.sourceRun"];
  if (!runId) return null;
  return h("div", { class: "stat" }, h("span", { class: "stat-label", text: "Run" }), h("a", { class: "stat-value run-link", text: runId, attrs: { href: runHash(runId) } }));
}
