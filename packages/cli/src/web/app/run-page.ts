import { runFilter } from "../../filter-text.js";
import type { TracesResponse } from "../../server/api-types.js";
import type { RunResponse } from "../../server/run-routes.js";
import { statusBadge } from "./badges.js";
import { h, replaceChildren } from "./dom.js";
import { formatCost, formatDuration, formatTime, formatTokens } from "./format.js";
import { jsonPage, type Page } from "./page.js";
import { compareHash, runHash, runsHash, type RunRoute } from "./run-routes.js";
import { runDuration, runStatusBadge } from "./run-status.js";
import { runTracesHash, traceHash } from "./router.js";

/** Most traces listed on a run's page (one API page); the trace list shows the rest. */
const MAX_TRACES = 500;

const iso = (ms: number) => new Date(ms).toISOString();

function keyValues(title: string, entries: Record<string, string>): HTMLElement | null {
  const keys = Object.keys(entries).sort();
  if (keys.length === 0) return null;
  return h("table", { class: "attrs", attrs: { "data-section": title.toLowerCase() } }, h("caption", { text: title }), h("tbody", {}, ...keys.map((k) => h("tr", {}, h("th", { text: k }), h("td", { text: entries[k] })))));
}

function runHeader({ run }: RunResponse): HTMLElement {
  const stat = (label: string, value: Node | string) => h("div", { class: "stat" }, h("span", { class: "stat-label", text: label }), typeof value === "string" ? h("span", { class: "stat-value", text: value }) : value);
  return h(
    "header",
    { class: "trace-head" },
    h("div", { class: "trace-title" }, h("h1", { text: run.name }), runStatusBadge(run.status)),
    h(
      "div",
      { class: "stats" },
      stat("Run ID", run.runId),
      stat("Started", formatTime(iso(run.startTimeMs))),
      stat("Duration", runDuration(run)),
      stat("Traces", String(run.traceCount)),
      stat("Errors", String(run.errorCount)),
      stat("Tokens", run.totalTokens.toLocaleString("en-US")),
      run.parentRunId ? stat("Parent run", h("a", { class: "stat-value", text: run.parentRunId, attrs: { href: runHash(run.parentRunId) } })) : null,
    ),
    h("div", { class: "run-meta" }, keyValues("Params", run.params), keyValues("Tags", run.tags)),
  );
}

function tracesTable(runId: string, data: TracesResponse): HTMLElement {
  const rows = data.traces.map((t) =>
    h(
      "tr",
      { class: t.state === "ERROR" ? "row-error" : "", attrs: { "data-trace-id": t.traceId } },
      h("td", { class: "col-name" }, h("a", { class: "trace-link", attrs: { href: traceHash(t.traceId) } }, h("span", { class: "trace-name", text: t.name }), h("span", { class: "trace-id", text: t.traceId }))),
      h("td", { class: "col-time", text: formatTime(t.requestTime) }),
      h("td", { class: "col-status" }, statusBadge(t.state)),
      h("td", { class: "col-num", text: formatDuration(t.executionTimeMs) }),
      h("td", { class: "col-num", text: formatTokens(t.tokens) }),
      h("td", { class: "col-num", text: formatCost(t.cost?.usd) }),
    ),
  );
  const firstTwo = data.traces.slice(0, 2).map((t) => t.traceId);
  return h(
    "div",
    { class: "run-traces" },
    h(
      "p",
      { class: "session-stats" },
      h("a", { text: "Open as a trace list", attrs: { href: runTracesHash(runId) } }),
      firstTwo.length === 2 ? " · " : null,
      firstTwo.length === 2 ? h("a", { class: "compare-first", text: "Compare the first two", attrs: { href: compareHash(firstTwo) } }) : null,
    ),
    h(
      "table",
      { class: "traces", attrs: { id: "run-traces" } },
      h("thead", {}, h("tr", {}, ...["Trace", "Time", "Status", "Latency", "Tokens", "Cost"].map((l) => h("th", { text: l })))),
      h("tbody", {}, ...(rows.length > 0 ? rows : [h("tr", {}, h("td", { class: "empty", attrs: { colspan: "6" }, text: "No traces in this run." }))])),
    ),
    data.nextPageToken ? h("p", { class: "dim", text: `Only the first ${MAX_TRACES} traces are shown; the trace list has them all.` }) : null,
  );
}

/** One run: its record (status, params, tags, time) and its traces, oldest first. */
export function renderRunPage(root: HTMLElement, route: RunRoute): Page {
  const head = h("div", { class: "run-head" }, h("p", { class: "loading", text: "Loading run…" }));
  const traces = h("div", { class: "run-body" });
  replaceChildren(root, h("section", { class: "run-page" }, h("a", { class: "back", text: "← Runs", attrs: { href: runsHash() } }), head, traces));
  const back = { text: "← Runs", href: runsHash() };
  const info = jsonPage<RunResponse>(head, { url: `/api/runs/${encodeURIComponent(route.runId)}`, draw: (data) => replaceChildren(head, runHeader(data)), back });
  const qs = new URLSearchParams({ filter: runFilter(route.runId), orderBy: "timestamp_ms ASC", maxResults: String(MAX_TRACES) });
  const list = jsonPage<TracesResponse>(traces, { url: `/api/traces?${qs}`, draw: (data) => replaceChildren(traces, tracesTable(route.runId, data)) });
  return { refresh: async () => void (await Promise.all([info.refresh(), list.refresh()])) };
}
