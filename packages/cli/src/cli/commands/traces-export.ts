import { writeFileSync } from "node:fs";
import { terminalSafeJson, type Trace, type TraceStore } from "@traceloom/core";
import { toGoldenJsonl } from "../../export/golden-jsonl.js";
import { toMlflowJson } from "../../export/mlflow-json.js";
import { UserError } from "../../store-access.js";
import { queryTraces } from "../../trace-query.js";
import { checkTraceIds, positiveInt, withStore, type CommandContext } from "../context.js";
import { isSystemError, systemErrorReason } from "../system-error.js";

/** Options of `traces export`. */
export interface ExportOptions {
  format?: string;
  output?: string;
  experiment?: string;
  maxResults?: string;
}

/** An argument that starts like a trace ID is taken as one (no filter starts so), and must then be a valid one. */
export const ID_PREFIX = /^tr-/i;

/** The traces with these IDs; an unknown ID is a UserError naming it. */
export function byIds(store: TraceStore, ids: string[]): Trace[] {
  const traces = ids.map((id) => store.getTrace(id));
  const missing = ids.filter((_, i) => traces[i] === undefined);
  if (missing.length > 0) throw new UserError(`Unknown trace${missing.length > 1 ? "s" : ""} ${missing.join(", ")}: not in ${store.uri}`);
  return traces as Trace[];
}

/** The traces a filter matches (paged), at most `--max-results`. */
export function byFilter(ctx: CommandContext, store: TraceStore, filter: string, options: Pick<ExportOptions, "experiment" | "maxResults">): Trace[] {
  const limit = positiveInt("--max-results", options.maxResults, 10_000);
  const out: Trace[] = [];
  let pageToken: string | undefined;
  for (let pages = 0; pages < 1000 && out.length < limit; pages++) {
    const page = queryTraces(store, { filter, experiment: options.experiment, maxResults: Math.min(500, limit - out.length), pageToken }, ctx.prices);
    out.push(...page.traces);
    pageToken = page.nextPageToken;
    if (!pageToken) break;
  }
  return out;
}

function writeOutput(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (err) {
    if (isSystemError(err)) throw new UserError(`Cannot write ${file}: ${systemErrorReason(err)}`);
    throw err;
  }
}

/**
 * `traceloom traces export <ids…|filter> --format json|jsonl`: MLflow trace JSON (one object for one ID, else an
 * array), or a golden-dataset JSONL of request → expected response pairs for evaluation.
 */
export function exportTraces(ctx: CommandContext, targets: string[], options: ExportOptions): void {
  const format = options.format ?? "json";
  if (format !== "json" && format !== "jsonl") throw new UserError(`--format must be json or jsonl, got "${format}"`, 2);
  const allIds = targets.every((t) => ID_PREFIX.test(t));
  if (!allIds && targets.length > 1) {
    throw new UserError(`Give trace IDs (tr-…), or one filter in quotes, e.g. traceloom traces export "status = 'OK'"`, 2);
  }
  if (allIds) checkTraceIds(targets);
  withStore(ctx, (store) => {
    const traces = allIds ? byIds(store, targets) : byFilter(ctx, store, targets[0], options);
    const text = format === "json" ? toMlflowJson(traces, !(allIds && targets.length === 1)) : toGoldenJsonl(traces);
    if (options.output) {
      writeOutput(options.output, text);
      ctx.io.stderr(`Exported ${traces.length} trace(s) to ${options.output}\n`);
    } else {
      ctx.io.stdout(terminalSafeJson(text));
    }
  });
}
