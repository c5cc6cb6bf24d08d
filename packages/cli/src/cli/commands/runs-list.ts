import { terminalSafeJson } from "@traceloom/core";
import { UserError } from "../../store-access.js";
import { experimentIds } from "../../trace-query.js";
import { positiveInt, withStore, type CommandContext } from "../context.js";
import { formatRunTable } from "../run-table.js";

/** Options of `traceloom runs`. */
export interface RunsListOptions {
  experiment?: string;
  maxResults?: string;
  json?: boolean;
}

/** Most runs one listing shows (the store's page limit). */
const MAX_RUNS = 1000;

/**
 * `traceloom runs [-e experiment] [-n max] [--json]`: the runs, most recently started first, with status, start,
 * duration and their traces counted (traces, errors, tokens); `--json` prints one run per line.
 */
export function listRuns(ctx: CommandContext, options: RunsListOptions): void {
  const maxResults = positiveInt("--max-results", options.maxResults, 20);
  if (maxResults > MAX_RUNS) throw new UserError(`--max-results must be at most ${MAX_RUNS}, got ${maxResults}`, 2);
  withStore(ctx, (store) => {
    const runs = store.listRuns({ experimentIds: experimentIds(store, options.experiment), maxResults });
    if (options.json) {
      for (const run of runs) ctx.io.stdout(`${terminalSafeJson(JSON.stringify(run))}\n`);
      return;
    }
    if (runs.length === 0) {
      ctx.io.stdout(`No runs in ${store.uri}. Traces recorded inside withRun() or startRun() of @traceloom/core are grouped into runs.\n`);
      return;
    }
    ctx.io.stdout(`${formatRunTable(runs)}\n`);
    if (runs.length === maxResults) ctx.io.stdout(`Showing the ${maxResults} most recent runs; more with -n.\n`);
  });
}
