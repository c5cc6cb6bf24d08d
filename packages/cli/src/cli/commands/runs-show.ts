import { terminalSafe, terminalSafeJson } from "@traceloom/core";
import { runFilter } from "../../filter-text.js";
import { RUN_ID_PATTERN } from "../../run-id.js";
import { UserError } from "../../store-access.js";
import { queryTraces } from "../../trace-query.js";
import { summarizeTrace } from "../../trace-summary.js";
import { positiveInt, withStore, type CommandContext } from "../context.js";
import { formatRunDetails } from "../run-table.js";
import { formatTraceTable } from "../trace-table.js";

/** Options of `traceloom runs show`. */
export interface RunShowOptions {
  maxResults?: string;
  json?: boolean;
}

/**
 * `traceloom runs show <run-id> [-n max] [--json]`: a run's record (status, times, params, tags, counts) and its
 * traces, oldest first, as `traces list` prints them; `--json` prints `{ run, traces }`. An unknown ID fails (exit 1).
 */
export function showRun(ctx: CommandContext, runId: string, options: RunShowOptions): void {
  if (!RUN_ID_PATTERN.test(runId)) throw new UserError(`"${terminalSafe(runId)}" is not a valid run ID (as \`traceloom runs\` lists them)`, 2);
  const maxResults = positiveInt("--max-results", options.maxResults, 100);
  withStore(ctx, (store) => {
    const [run] = store.listRuns({ runId, maxResults: 1 });
    if (!run) throw new UserError(`No run ${runId} in ${store.uri}. List the runs there with \`traceloom runs\`.`);
    const page = queryTraces(store, { filter: runFilter(runId), orderBy: "timestamp_ms ASC", maxResults }, ctx.prices);
    const traces = page.traces.map((t) => summarizeTrace(t, ctx.prices));
    if (options.json) {
      ctx.io.stdout(`${terminalSafeJson(JSON.stringify({ run, traces }, null, 2))}\n`);
      return;
    }
    ctx.io.stdout(`${formatRunDetails(run)}\n\n`);
    if (traces.length === 0) {
      ctx.io.stdout("No traces in this run.\n");
      return;
    }
    ctx.io.stdout(`${formatTraceTable(traces)}\n`);
    if (traces.some((t) => t.cost && t.cost.unpricedSpans > 0)) ctx.io.stdout("* some model calls have no known price (add them with --prices)\n");
    if (page.nextPageToken) ctx.io.stdout(`Only the first ${maxResults} of ${run.traceCount} traces are shown; more with -n.\n`);
  });
}
