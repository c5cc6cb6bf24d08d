import { terminalSafeJson } from "@traceloom/core";
import { queryTraces } from "../../trace-query.js";
import { summarizeTrace } from "../../trace-summary.js";
import { positiveInt, withStore, type CommandContext } from "../context.js";
import { formatTraceTable } from "../trace-table.js";

/** Options of `traces list` and `traces search`. */
export interface ListOptions {
  experiment?: string;
  maxResults?: string;
  orderBy?: string;
  pageToken?: string;
  json?: boolean;
}

/** Says that ordering by cost left older traces out. */
function sortCapNote(sortedAmong: number): string {
  return `Note: ordered by cost among the ${sortedAmong} newest matching traces only; narrow the search (a filter, --experiment) to include older ones.`;
}

/** `traceloom traces list` / `traces search "<filter>"`: a table (or JSON lines) of matching traces, newest first. */
export function listTraces(ctx: CommandContext, filter: string | undefined, options: ListOptions): void {
  const maxResults = positiveInt("--max-results", options.maxResults, 20);
  withStore(ctx, (store) => {
    const page = queryTraces(store, { filter, experiment: options.experiment, orderBy: options.orderBy, maxResults, pageToken: options.pageToken }, ctx.prices);
    const rows = page.traces.map((t) => summarizeTrace(t, ctx.prices));
    const capNote = page.sortedAmong === undefined ? "" : `${sortCapNote(page.sortedAmong)}\n`;
    if (options.json) {
      for (const row of rows) ctx.io.stdout(`${terminalSafeJson(JSON.stringify(row))}\n`);
      if (capNote) ctx.io.stderr(capNote);
      return;
    }
    if (rows.length === 0) {
      ctx.io.stdout(filter ? `No traces match ${filter}\n` : `No traces in ${store.uri}\n`);
      return;
    }
    ctx.io.stdout(`${formatTraceTable(rows)}\n`);
    if (rows.some((r) => r.cost && r.cost.unpricedSpans > 0)) ctx.io.stdout("* some model calls have no known price (add them with --prices)\n");
    if (capNote) ctx.io.stdout(capNote);
    if (page.nextPageToken) ctx.io.stdout(`More traces: add --page-token ${page.nextPageToken}\n`);
  });
}
