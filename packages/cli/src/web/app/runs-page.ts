import type { RunsResponse } from "../../server/run-routes.js";
import { h, replaceChildren } from "./dom.js";
import { formatTime, oneLine } from "./format.js";
import { jsonPage, type Page } from "./page.js";
import { runHash, type RunsRoute } from "./run-routes.js";
import { paramsLine, runDuration, runStatusBadge } from "./run-status.js";
import { runTracesHash } from "./router.js";

const iso = (ms: number) => new Date(ms).toISOString();

/** The runs: one row per `mlflow.sourceRun`, most recently active first, with status, traces (linked to the filtered trace list) and time. */
export function renderRunsPage(root: HTMLElement, route: RunsRoute): Page {
  replaceChildren(root, h("p", { class: "loading", text: "Loading runs…" }));

  function draw(data: RunsResponse): void {
    const body =
      data.runs.length === 0
        ? h("p", { class: "empty", text: "No runs yet. Traces recorded inside withRun() or startRun() of @traceloom/core are grouped here." })
        : h(
            "table",
            { class: "traces runs", attrs: { id: "runs" } },
            h("thead", {}, h("tr", {}, ...["Run", "Status", "Traces", "Errors", "Started", "Duration", "Tokens", "Params"].map((l) => h("th", { text: l })))),
            h(
              "tbody",
              {},
              ...data.runs.map((r) =>
                h(
                  "tr",
                  { class: r.errorCount > 0 ? "row-error" : "", attrs: { "data-run-id": r.runId } },
                  h("td", { class: "col-name" }, h("a", { class: "run-link", attrs: { href: runHash(r.runId) } }, h("span", { class: "trace-name", text: r.name }), h("span", { class: "trace-id", text: r.runId }))),
                  h("td", {}, runStatusBadge(r.status)),
                  h(
                    "td",
                    { class: "col-num" },
                    r.traceCount > 0 ? h("a", { class: "run-traces-link", text: String(r.traceCount), title: "List this run's traces", attrs: { href: runTracesHash(r.runId) } }) : "0",
                  ),
                  h("td", { class: "col-num", text: String(r.errorCount) }),
                  h("td", { class: "col-time", text: formatTime(iso(r.startTimeMs)) }),
                  h("td", { class: "col-num", text: runDuration(r) }),
                  h("td", { class: "col-num", text: r.totalTokens.toLocaleString("en-US") }),
                  h("td", { class: "col-preview", text: oneLine(paramsLine(r.params), 80) }),
                ),
              ),
            ),
          );
    replaceChildren(root, h("section", { class: "list-page" }, h("h1", { class: "page-title", text: "Runs" }), body));
  }

  const qs = route.experiment ? `?experiment=${encodeURIComponent(route.experiment)}` : "";
  return jsonPage<RunsResponse>(root, { url: `/api/runs${qs}`, draw });
}
