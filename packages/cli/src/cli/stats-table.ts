import { countedTitle } from "../stats/counted-items.js";
import type { BucketReport, GroupReport, StatsReport } from "../stats/stats-report.js";
import { formatTextTable, type TextColumn } from "./text-table.js";

const ms = (value: number | null | undefined) => (value === null || value === undefined ? "-" : `${Math.round(value)} ms`);

/** "$0.001234", with "*" when some model had no price; "-" when nothing was priced. */
export function costCell(cost: GroupReport["cost"]): string {
  return cost ? `$${cost.usd.toFixed(6)}${cost.unpricedModels.length > 0 ? "*" : ""}` : "-";
}

/** What a group's key is shown as: the total as "(all)", a missing value as "(not set)". */
function keyCell(group: GroupReport, isTotal: boolean): string {
  if (isTotal) return "(all)";
  return group.key ?? "(not set)";
}

/** The columns of a report's table: the key (titled by the grouping), then counts, latency, tokens and cost. */
function groupColumns(report: StatsReport, total: GroupReport): TextColumn<GroupReport>[] {
  return [
    { title: report.groupBy === "none" ? "" : report.groupBy.toUpperCase(), width: 40, value: (g) => keyCell(g, g === total) },
    { title: countedTitle(report.counts).toUpperCase(), right: true, value: (g) => String(g.count) },
    { title: "ERRORS", right: true, value: (g) => String(g.errorCount) },
    { title: "ERROR %", right: true, value: (g) => (g.errorRate === null ? "-" : `${(g.errorRate * 100).toFixed(1)}%`) },
    { title: "P50", right: true, value: (g) => ms(g.latencyMs?.p50) },
    { title: "P90", right: true, value: (g) => ms(g.latencyMs?.p90) },
    { title: "P99", right: true, value: (g) => ms(g.latencyMs?.p99) },
    { title: "TOKENS", right: true, value: (g) => String(g.totalTokens) },
    { title: "COST", right: true, value: (g) => costCell(g.cost) },
  ];
}

/** A report's groups, then its total, as an aligned table; group keys are shown terminal-safe. */
export function formatStatsTable(report: StatsReport): string {
  const rows = report.groupBy === "none" ? [report.total] : [...report.groups, report.total];
  return formatTextTable(groupColumns(report, report.total), rows);
}

/** A bucket's cost as {@link costCell} shows it; "?" when the store did not report the bucket's tokens by model. */
export function bucketCostCell(bucket: BucketReport): string {
  return bucket.cost === undefined ? "?" : costCell(bucket.cost);
}

const SERIES_COLUMNS: TextColumn<BucketReport>[] = [
  { title: "FROM (UTC)", value: (s) => new Date(s.startMs).toISOString().replace("T", " ").replace(/\.000Z$|Z$/, "") },
  { title: "COUNT", right: true, value: (s) => String(s.count) },
  { title: "ERRORS", right: true, value: (s) => String(s.errorCount) },
  { title: "P50", right: true, value: (s) => ms(s.p50Ms) },
  { title: "TOKENS", right: true, value: (s) => String(s.totalTokens) },
  { title: "COST", right: true, value: bucketCostCell },
];

/** The total's series over time as a table (count, errors, p50, tokens, estimated cost), one row per bucket that has traces. */
export function formatSeriesTable(series: readonly BucketReport[]): string {
  return formatTextTable(SERIES_COLUMNS, series);
}
