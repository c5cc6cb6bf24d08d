import { terminalSafe, terminalSafeJson } from "@traceloom/core";
import { bucketLabel } from "../../stats/bucket-label.js";
import { queryStats } from "../../stats/stats-query.js";
import type { StatsReport } from "../../stats/stats-report.js";
import { parseBucket, parseTimePoint } from "../../stats/time-range.js";
import { withStore, type CommandContext } from "../context.js";
import { formatSeriesTable, formatStatsTable } from "../stats-table.js";

/** Options of `traceloom stats`. */
export interface StatsOptions {
  filter?: string;
  experiment?: string;
  groupBy?: string;
  since?: string;
  until?: string;
  bucket?: string;
  json?: boolean;
}

/** One line saying what the table covers. */
function heading(report: StatsReport): string {
  const parts = [`${report.total.count} ${report.counts}`];
  if (report.filter) parts.push(`matching ${report.filter}`);
  if (report.fromMs !== null) parts.push(`from ${new Date(report.fromMs).toISOString()}`);
  if (report.toMs !== null) parts.push(`until ${new Date(report.toMs).toISOString()}`);
  if (report.groupBy !== "none") parts.push(`by ${report.groupBy}`);
  return terminalSafe(parts.join(" "));
}

/**
 * `traceloom stats [--filter f] [--group-by g] [--since t] [--until t] [--bucket d] [--json]`: count, errors,
 * latency percentiles, tokens and estimated cost of the matching traces, per group; `--bucket` adds the total over
 * time (with its estimated cost). `--json` prints the report as the viewer's `/api/stats` answers it.
 */
export function showStats(ctx: CommandContext, options: StatsOptions): void {
  const now = Date.now();
  const fromMs = options.since === undefined ? undefined : parseTimePoint("--since", options.since, now);
  const toMs = options.until === undefined ? undefined : parseTimePoint("--until", options.until, now);
  const bucket = options.bucket === undefined ? undefined : parseBucket(options.bucket);
  withStore(ctx, (store) => {
    const report = queryStats(store, { filter: options.filter, experiment: options.experiment, groupBy: options.groupBy, fromMs, toMs, bucket }, ctx.prices);
    if (options.json) {
      ctx.io.stdout(`${terminalSafeJson(JSON.stringify(report, null, 2))}\n`);
      return;
    }
    ctx.io.stdout(`${heading(report)}\n\n${formatStatsTable(report)}\n`);
    const groups = [report.total, ...report.groups];
    if (groups.some((g) => g.cost && g.cost.unpricedModels.length > 0)) ctx.io.stdout("* some models have no known price (add them with --prices)\n");
    if (report.truncatedGroups > 0) ctx.io.stdout(`${report.truncatedGroups} smaller group(s) not shown; narrow the filter to see them\n`);
    if (report.total.series && report.bucketMs !== null) {
      ctx.io.stdout(`\nOver time, in ${bucketLabel(report.bucketMs)} buckets:\n${formatSeriesTable(report.total.series)}\n`);
      if (report.total.series.some((b) => b.cost === undefined)) ctx.io.stdout("? cost unknown: this store does not report tokens by model per bucket\n");
    }
  });
}
