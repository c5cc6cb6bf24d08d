import { countedTitle } from "../../stats/counted-items.js";
import type { BucketReport, GroupReport, StatsReport } from "../../stats/stats-report.js";
import { bucketCost, hasBucketCosts, unknownCostNote } from "./bucket-cost.js";
import { append, h } from "./dom.js";
import { formatCost, formatDuration } from "./format.js";
import { metricCell } from "./groups-table.js";
import { groupLabel, keyId, METRICS, type Metric } from "./stats-metrics.js";
import { timeChart } from "./time-chart.js";

/** "×2.4" of a value against the best (smallest) one; empty for the best itself. */
function ratio(value: number, best: number): string {
  if (value === best) return "";
  return best > 0 ? `×${(value / best).toFixed(value / best < 10 ? 2 : 0)}` : "";
}

/**
 * One metric across the compared groups: a cell per group with a bar sized against the largest value; for metrics
 * where smaller is better, the smallest is marked best and the others show how many times larger they are.
 */
function metricRow(m: Metric, groups: GroupReport[], counted: StatsReport["counts"]): HTMLTableRowElement {
  const values = groups.map((g) => m.value(g));
  const present = values.filter((v): v is number => v !== null);
  const max = Math.max(0, ...present);
  const best = m.lowerIsBetter && present.length > 1 ? Math.min(...present) : undefined;
  return h(
    "tr",
    { attrs: { "data-metric": m.id } },
    h("th", { text: m.label(counted), attrs: { scope: "row" } }),
    ...groups.map((g, i) => {
      const cell = metricCell(m, g, "cmp-cell");
      const v = values[i];
      if (v === null) return cell;
      const isBest = best !== undefined && v === best && present.some((p) => p !== best);
      if (isBest) cell.classList.add("best");
      const note = best === undefined || isBest ? "" : ratio(v, best);
      append(
        cell,
        note ? h("span", { class: "cmp-ratio", text: ` ${note}` }) : null,
        isBest ? h("span", { class: "cmp-best", text: " best" }) : null,
        h("span", { class: "cmp-bar", attrs: { "aria-hidden": "true" }, style: { width: `${max > 0 ? (v / max) * 100 : 0}%` } }),
      );
      return cell;
    }),
  );
}

/** Over-time charts of the compared groups (p50, count, estimated cost), one line (or bar) per group, when the report has series. */
function compareCharts(report: StatsReport, groups: GroupReport[]): HTMLElement | null {
  if (report.bucketMs === null || groups.every((g) => !g.series?.length)) return null;
  const starts = groups.flatMap((g) => g.series?.map((s) => s.startMs) ?? []);
  const range = { bucketMs: report.bucketMs, fromMs: report.fromMs ?? Math.min(...starts), toMs: report.toMs ?? Math.max(...starts) };
  const seriesOf = (pick: (s: BucketReport) => number | null) =>
    groups.map((g) => ({ label: groupLabel(g.key), points: (g.series ?? []).map((s) => ({ startMs: s.startMs, value: pick(s) })) }));
  const what = countedTitle(report.counts);
  return h(
    "div",
    { class: "charts" },
    timeChart({ title: "Latency p50 over time", kind: "lines", series: seriesOf((s) => s.p50Ms), format: formatDuration, ...range }),
    timeChart({ title: `${what} over time`, kind: "bars", series: seriesOf((s) => s.count), format: (v) => String(Math.round(v)), ...range }),
    hasBucketCosts(groups.map((g) => g.series ?? []))
      ? timeChart({ title: "Estimated cost over time", kind: "lines", series: seriesOf(bucketCost), format: formatCost, ...range })
      : unknownCostNote(),
  );
}

/**
 * The compared groups side by side: a table with a column per group and a row per metric (count, error rate,
 * latency percentiles, tokens, estimated cost, per trace or call), then their series over time.
 */
export function groupCompare(report: StatsReport, keys: (string | null)[], onClear: () => void): HTMLElement {
  const byKey = new Map(report.groups.map((g) => [keyId(g.key), g]));
  const groups = keys.flatMap((k) => byKey.get(keyId(k)) ?? []);
  const missing = keys.filter((k) => !byKey.has(keyId(k)));
  const clear = h("button", { class: "link", text: "Stop comparing", attrs: { type: "button" }, on: { click: onClear } });
  const head = h("div", { class: "section-head" }, h("h2", { text: `Comparing ${groups.map((g) => groupLabel(g.key)).join(" · ")}` }), clear);
  const note = missing.length > 0 ? h("p", { class: "hint", text: `No data for ${missing.map(groupLabel).join(", ")} with this filter and time range.` }) : null;
  if (groups.length < 2) return h("section", { class: "group-compare", attrs: { id: "stats-comparison", "aria-label": "Comparison" } }, head, note, h("p", { class: "empty", text: "Pick at least two groups that have data to compare." }));
  const table = h(
    "table",
    { class: "traces group-compare-table", attrs: { id: "stats-comparison-table" } },
    h("caption", { class: "visually-hidden", text: `${report.groupBy} compared` }),
    h("thead", {}, h("tr", {}, h("th", { text: "Metric", attrs: { scope: "col" } }), ...groups.map((g) => h("th", { text: groupLabel(g.key), attrs: { scope: "col", "data-key": keyId(g.key) } })))),
    h("tbody", {}, ...METRICS.map((m) => metricRow(m, groups, report.counts))),
  );
  return h("section", { class: "group-compare", attrs: { id: "stats-comparison", "aria-label": "Comparison" } }, head, note, table, compareCharts(report, groups));
}
