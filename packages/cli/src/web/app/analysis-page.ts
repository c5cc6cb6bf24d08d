import type { ExperimentsResponse } from "../../server/api-types.js";
import { countedTitle } from "../../stats/counted-items.js";
import type { BucketReport, StatsReport } from "../../stats/stats-report.js";
import { analysisForm } from "./analysis-form.js";
import { analysisHash, rangeBounds, type AnalysisRoute } from "./analysis-route.js";
import { ApiError, getJson } from "./api-client.js";
import { bucketCost, hasBucketCosts, unknownCostNote } from "./bucket-cost.js";
import { groupCompare } from "./group-compare.js";
import { h, replaceChildren } from "./dom.js";
import { showFilterError } from "./filter-error.js";
import { formatCost, formatDuration } from "./format.js";
import { groupTracesFilter } from "./group-filter.js";
import { groupsTable } from "./groups-table.js";
import type { Page } from "./page.js";
import { DEFAULT_ORDER, listHash } from "./router.js";
import { keyId, metric } from "./stats-metrics.js";
import { timeChart } from "./time-chart.js";

const GROUP_NAMES: Record<string, string> = { model: "model", "span.type": "span type", "span.name": "span name", "trace.name": "trace name", status: "status" };

/** The figures shown for the whole selection, above the charts. */
const SUMMARY = ["count", "errorRate", "p50", "p90", "p99", "totalTokens", "cost"].map(metric);

function caption(report: StatsReport): string {
  if (report.groupBy === "none") return "All matching traces";
  const by = GROUP_NAMES[report.groupBy] ?? report.groupBy;
  return report.counts === "traces" ? `By ${by}` : `By ${by} (counting the matching traces' ${report.counts})`;
}

/** The total's figures as label/value pairs. */
function summary(report: StatsReport): HTMLElement {
  const t = report.total;
  return h(
    "div",
    { class: "stats stats-summary", attrs: { id: "stats-summary" } },
    ...SUMMARY.map((m) => {
      const v = m.value(t);
      return h("div", { class: "stat", attrs: { "data-metric": m.id } }, h("span", { class: "stat-label", text: m.label(report.counts) }), h("span", { class: "stat-value", text: v === null ? "—" : m.format(v, t) }));
    }),
  );
}

/** The total over time: count (with errors), p50 latency, tokens, estimated cost. */
function totalCharts(report: StatsReport): HTMLElement | null {
  const series = report.total.series;
  if (report.bucketMs === null || !series || series.length === 0) return null;
  const starts = series.map((s) => s.startMs);
  const range = { bucketMs: report.bucketMs, fromMs: report.fromMs ?? Math.min(...starts), toMs: report.toMs ?? Math.max(...starts) };
  const points = (pick: (s: BucketReport) => number | null) => series.map((s) => ({ startMs: s.startMs, value: pick(s) }));
  const what = countedTitle(report.counts);
  const count = (v: number) => String(Math.round(v));
  return h(
    "div",
    { class: "charts", attrs: { id: "stats-charts" } },
    timeChart({ title: `${what} and errors over time`, kind: "bars", series: [{ label: what, points: points((s) => s.count) }, { label: "Errors", tone: "error", points: points((s) => s.errorCount) }], format: count, ...range }),
    timeChart({ title: "Latency p50 over time", kind: "lines", series: [{ label: "p50", points: points((s) => s.p50Ms) }], format: formatDuration, ...range }),
    timeChart({ title: "Tokens over time", kind: "bars", series: [{ label: "Tokens", points: points((s) => s.totalTokens) }], format: (v) => Math.round(v).toLocaleString("en-US"), ...range }),
    hasBucketCosts([series])
      ? timeChart({ title: "Estimated cost over time", kind: "bars", series: [{ label: "Est. cost", points: points(bucketCost) }], format: formatCost, ...range })
      : unknownCostNote(),
  );
}

/** The trace list of one group of a report, when a filter can select its traces. */
function tracesHref(report: StatsReport, key: string | null): string | undefined {
  const filter = groupTracesFilter(report.filter ?? "", report.groupBy, key, report.fromMs, report.toMs);
  return filter === undefined ? undefined : listHash({ experiment: report.experimentId ?? "", filter, orderBy: DEFAULT_ORDER });
}

/**
 * Live refresh waits this many times as long as the last query took: a stats query shares the search worker with
 * the trace list, so a slow one must not occupy it back to back.
 */
const REFRESH_COST_FACTOR = 10;

/** The experiments last listed, so a re-rendered page shows its picker at once. */
let knownExperiments: ExperimentsResponse["experiments"] = [];

/**
 * The analysis page: for a filter, time range and grouping, the totals, charts over time and a table of groups
 * (count, error rate, latency percentiles, tokens, estimated cost), computed by the store through `/api/stats`.
 * Ticking two or more groups and "Compare" shows them side by side.
 */
export function renderAnalysisPage(root: HTMLElement, route: AnalysisRoute): Page {
  const form = analysisForm(route);
  const error = h("div", { class: "filter-error", attrs: { role: "alert", id: "stats-error" } });
  const status = h("p", { class: "hint", attrs: { role: "status", id: "stats-status" }, text: "Computing…" });
  const results = h("div", { class: "stats-results", attrs: { "aria-live": "polite" } });
  const selected = new Set(route.compare.map(keyId));
  const compareButton = h("button", { text: "Compare selected", attrs: { type: "button", id: "stats-compare" }, on: { click: () => navigate({ compare: [...selected].map((k) => JSON.parse(k) as string | null) }) } });
  let shown = "";
  let tooSlow = false;
  let nextRefreshAt = 0;

  const navigate = (patch: Partial<AnalysisRoute>) => {
    location.hash = analysisHash({ ...route, ...patch });
  };
  const syncCompareButton = () => {
    compareButton.textContent = `Compare selected (${selected.size})`;
    compareButton.disabled = selected.size < 2;
  };
  const toggle = (key: string | null, checked: boolean) => {
    if (checked) selected.add(keyId(key));
    else selected.delete(keyId(key));
    syncCompareButton();
  };

  replaceChildren(root, h("section", { class: "list-page analysis-page" }, h("h1", { class: "page-title", text: "Analysis" }), form.form, error, status, results));

  function draw(report: StatsReport): void {
    status.textContent = `${report.total.count} ${report.counts}${report.truncatedGroups > 0 ? ` · ${report.truncatedGroups} smaller groups not shown` : ""}`;
    const comparing = route.compare.length > 0 ? groupCompare(report, route.compare, () => navigate({ compare: [] })) : null;
    const pickBar =
      report.groupBy === "none" ? null : h("div", { class: "pick-bar" }, h("span", { class: "hint", text: "Tick two or more groups to compare them side by side." }), compareButton);
    syncCompareButton();
    // A live redraw replaces the table: keep the keyboard where it was (a compare checkbox, by its label).
    const focused = results.contains(document.activeElement) ? document.activeElement?.getAttribute("aria-label") : null;
    const empty = report.total.count === 0 ? h("p", { class: "empty", text: "Nothing matches this filter and time range." }) : null;
    replaceChildren(
      results,
      summary(report),
      empty,
      comparing,
      totalCharts(report),
      pickBar,
      groupsTable({ report, caption: caption(report), selected, onToggle: toggle, tracesHref: (key) => tracesHref(report, key) }),
      [report.total, ...report.groups].some((g) => g.cost && g.cost.unpricedModels.length > 0) ? h("p", { class: "hint", text: "* some models have no known price (add them with traceloom ui --prices)" }) : null,
    );
    if (focused) results.querySelector<HTMLElement>(`[aria-label="${CSS.escape(focused)}"]`)?.focus();
  }

  function showError(err: unknown): void {
    shown = "";
    status.textContent = "";
    replaceChildren(results);
    showFilterError(error, form.filterInput, err);
    // A query that hit the server's deadline would only hit it again: live refresh leaves it until the question changes.
    if (err instanceof ApiError && err.status === 503) tooSlow = true;
  }

  async function load(): Promise<void> {
    const { from, to } = rangeBounds(route, Date.now());
    const started = performance.now();
    try {
      const report = await getJson<StatsReport>("/api/stats", {
        experiment: route.experiment,
        filter: route.filter,
        groupBy: route.groupBy,
        from: from === undefined ? undefined : String(from),
        to: to === undefined ? undefined : String(to),
        bucket: "auto",
      });
      error.textContent = "";
      nextRefreshAt = performance.now() + REFRESH_COST_FACTOR * (performance.now() - started);
      // A moving range changes from/to on every refresh; redraw only when the figures changed.
      const signature = JSON.stringify({ ...report, fromMs: null, toMs: null });
      if (signature === shown) return;
      shown = signature;
      draw(report);
    } catch (err) {
      showError(err);
    }
  }

  form.showExperiments(knownExperiments);
  void getJson<ExperimentsResponse>("/api/experiments").then(({ experiments }) => {
    knownExperiments = experiments;
    form.showExperiments(experiments);
  }, showError);
  void load();
  return { refresh: () => (tooSlow || performance.now() < nextRefreshAt ? Promise.resolve() : load()) };
}
