import { linkRunsOnServer, MlflowSink, parseTrackingUri, RUN_KEY, type RunRecord, type TraceJSON, type TraceStore } from "@traceloom/core";
import { DEFAULT_STORE, UserError } from "../../store-access.js";
import { checkTraceIds, positiveInt, withStore, type CommandContext } from "../context.js";
import { byFilter, byIds, ID_PREFIX } from "./traces-export.js";

/** Options of `traces push`. */
export interface PushOptions {
  to?: string;
  experimentId?: string;
  experimentName?: string;
  experiment?: string;
  maxResults?: string;
}

/** Traces sent per round; attempts per trace for errors a retry may fix. */
const BATCH = 50;
const ATTEMPTS = 4;

/** The local store to read: `--tracking-uri`, else `TRACELOOM_TRACKING_URI`, else ./traceloom.db (never the MLflow URI). */
function localStoreUri(ctx: CommandContext, explicit: string | undefined): string {
  return explicit ?? ctx.io.env.TRACELOOM_TRACKING_URI ?? DEFAULT_STORE;
}

function destination(ctx: CommandContext, options: PushOptions): string {
  const uri = options.to ?? ctx.io.env.MLFLOW_TRACKING_URI;
  if (!uri) throw new UserError("Say where to push: --to http://mlflow-host:5000 (or set MLFLOW_TRACKING_URI)", 2);
  if (parseTrackingUri(uri).kind !== "remote") throw new UserError(`--to must be an MLflow server (http(s)://… or databricks), got "${uri}"`, 2);
  return uri;
}

function isRetryable(error: unknown): boolean {
  return !(typeof error === "object" && error !== null && (error as { retryable?: unknown }).retryable === false);
}

function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s+/g, " ").slice(0, 300);
}

/** Sends traces through one sink, retrying what failed with a retryable error; returns the failures by trace ID. */
async function send(sink: MlflowSink, traces: TraceJSON[]): Promise<Map<string, unknown>> {
  const failed = new Map<string, unknown>();
  for (let i = 0; i < traces.length; i += BATCH) {
    let pending = traces.slice(i, i + BATCH);
    for (let attempt = 1; pending.length > 0; attempt++) {
      let outcome: Map<string, unknown>;
      try {
        outcome = new Map((await sink.export(pending)).failed.map((f) => [f.traceId, f.error]));
      } catch (error) {
        outcome = new Map(pending.map((t) => [t.info.trace_id, error]));
      }
      const retry = pending.filter((t) => outcome.has(t.info.trace_id) && isRetryable(outcome.get(t.info.trace_id)) && attempt < ATTEMPTS);
      for (const t of pending) {
        if (outcome.has(t.info.trace_id) && !retry.includes(t)) failed.set(t.info.trace_id, outcome.get(t.info.trace_id));
      }
      pending = retry;
      if (retry.length) await new Promise((r) => setTimeout(r, 250 * 2 ** attempt));
    }
  }
  return failed;
}

/** The stored runs the traces belong to, by run ID (read while the store is open). */
function runsOf(store: TraceStore, traces: TraceJSON[]): Map<string, RunRecord> {
  const runs = new Map<string, RunRecord>();
  for (const t of traces) {
    const id = t.info.trace_metadata[RUN_KEY];
    const run = id === undefined || runs.has(id) ? undefined : store.getRun(id);
    if (run) runs.set(id, run);
  }
  return runs;
}

/** The traces' local runs created on the server (see linkRunsOnServer); a failure stops the push with its reason. */
async function linkRuns(traces: TraceJSON[], runs: Map<string, RunRecord>, target: Parameters<typeof linkRunsOnServer>[1]): Promise<{ traces: TraceJSON[]; runs: number }> {
  try {
    return await linkRunsOnServer(traces, target, (id) => runs.get(id));
  } catch (err) {
    throw new UserError(`The traces' runs could not be created on the MLflow server, so nothing was pushed: ${errorText(err)}`);
  }
}

/**
 * `traceloom traces push <ids…|filter> --to <mlflow-uri>`: sends traces from the local store to an MLflow server
 * (or Databricks) exactly as live export does, so a developer can share what they recorded; the local runs they
 * belong to become real runs there. Running it twice leaves the server as after once (MLflow merges a trace logged
 * again by ID; a run pushed before is found again by its local ID).
 */
export async function pushTraces(ctx: CommandContext, targets: string[], options: PushOptions, trackingUri: string | undefined): Promise<void> {
  const to = destination(ctx, options);
  const allIds = targets.every((t) => ID_PREFIX.test(t));
  if (!allIds && targets.length > 1) throw new UserError(`Give trace IDs (tr-…), or one filter in quotes, e.g. traceloom traces push "status = 'OK'"`, 2);
  if (allIds) checkTraceIds(targets);
  positiveInt("--max-results", options.maxResults, 10_000);
  const local = { ...ctx, uri: localStoreUri(ctx, trackingUri) };
  const { traces, runs } = withStore(local, (store) => {
    const found = (allIds ? byIds(store, targets) : byFilter(local, store, targets[0], options)).map((t) => t.toJSON());
    return { traces: found, runs: runsOf(store, found) };
  });
  if (traces.length === 0) {
    ctx.io.stderr("No traces matched; nothing pushed.\n");
    return;
  }
  const target = {
    trackingUri: to,
    experimentId: options.experimentId ?? ctx.io.env.MLFLOW_EXPERIMENT_ID,
    experimentName: options.experimentName ?? ctx.io.env.MLFLOW_EXPERIMENT_NAME ?? "Default",
    env: ctx.io.env,
  };
  let sink: MlflowSink;
  try {
    sink = new MlflowSink(target);
  } catch (err) {
    throw new UserError((err as Error).message, 2);
  }
  // Export requests never hold the event loop by themselves (so traced programs can exit); here, this timer does.
  const keepAlive = setInterval(() => undefined, 60_000);
  let failed: Map<string, unknown>;
  try {
    const linked = await linkRuns(traces, runs, target);
    if (linked.runs > 0) ctx.io.stdout(`Linked ${linked.runs} run(s) on the server\n`);
    failed = await send(sink, linked.traces);
  } finally {
    clearInterval(keepAlive);
  }
  const pushed = traces.length - failed.size;
  ctx.io.stdout(`Pushed ${pushed} of ${traces.length} trace(s) to ${sink.name.replace(/^mlflow:/, "")}\n`);
  if (failed.size > 0) {
    const lines = [...failed].map(([id, error]) => `  ${id}: ${errorText(error)}`);
    throw new UserError(`${failed.size} trace(s) were not pushed:\n${lines.join("\n")}`);
  }
}
