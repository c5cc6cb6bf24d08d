import type { GroupReport, StatsReport } from "../../stats/stats-report.js";
import { h } from "./dom.js";
import { groupLabel, keyId, metric, type Metric } from "./stats-metrics.js";

/** The table's figures, left to right. */
const COLUMNS: Metric[] = ["count", "errors", "errorRate", "p50", "p90", "p99", "totalTokens", "cost"].map(metric);

/** What {@link groupsTable} shows and reports. */
export interface GroupsTableSpec {
  report: StatsReport;
  /** A caption naming the grouping, e.g. "By model". */
  caption: string;
  /** {@link keyId}s of the groups ticked for comparison. */
  selected: ReadonlySet<string>;
  onToggle(key: string | null, checked: boolean): void;
  /** Where a group's traces are listed, when a filter can select them. */
  tracesHref(key: string | null): string | undefined;
}

/** A cell of one metric for one group, with its raw value in data-value. */
export function metricCell(m: Metric, g: GroupReport, className = "col-num"): HTMLTableCellElement {
  const v = m.value(g);
  return h("td", { class: className, text: v === null ? "—" : m.format(v, g), attrs: { "data-metric": m.id, "data-value": v === null ? "" : String(v) } });
}

/** A group's name, linked to its traces when they can be listed. */
function groupName(label: string, href: string | undefined): Node | string {
  return href ? h("a", { class: "group-link", text: label, title: "List these traces", attrs: { href } }) : label;
}

/**
 * The groups of a report, largest first, then the total: one row each, the key as the row header, a checkbox to
 * pick the group for comparison (not on the total), and the table figures.
 */
export function groupsTable(spec: GroupsTableSpec): HTMLTableElement {
  const { report } = spec;
  const row = (g: GroupReport, isTotal: boolean) => {
    const label = isTotal ? "All" : groupLabel(g.key);
    const pick = isTotal
      ? h("td", { class: "col-pick" })
      : h(
          "td",
          { class: "col-pick" },
          h("input", {
            attrs: { type: "checkbox", "aria-label": `Compare ${label}`, ...(spec.selected.has(keyId(g.key)) ? { checked: "" } : {}) },
            on: { change: (e) => spec.onToggle(g.key, (e.target as HTMLInputElement).checked) },
          }),
        );
    return h(
      "tr",
      { class: `${isTotal ? "row-total" : ""}${g.errorCount > 0 ? " row-has-errors" : ""}`.trim(), attrs: isTotal ? { "data-total": "" } : { "data-key": keyId(g.key) } },
      pick,
      h("th", { class: `col-name${g.key === null && !isTotal ? " dim" : ""}`, attrs: { scope: "row" } }, groupName(label, isTotal ? undefined : spec.tracesHref(g.key))),
      ...COLUMNS.map((m) => metricCell(m, g)),
    );
  };
  const rows = report.groupBy === "none" ? [row(report.total, true)] : [...report.groups.map((g) => row(g, false)), row(report.total, true)];
  return h(
    "table",
    { class: "traces stats-table", attrs: { id: "stats-groups" } },
    h("caption", { text: spec.caption }),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", { class: "col-pick", attrs: { scope: "col" } }, h("span", { class: "visually-hidden", text: "Compare" })),
        h("th", { text: report.groupBy === "none" ? "" : report.groupBy, attrs: { scope: "col" } }),
        ...COLUMNS.map((m) => h("th", { class: "col-num", text: m.label(report.counts), attrs: { scope: "col" } })),
      ),
    ),
    h("tbody", {}, ...rows),
  );
}
