import { randomUUID } from "node:crypto";
import type { RunRecord } from "../entities/run-record.js";
import { TraceMetadataKey } from "../entities/trace-info.js";
import { ExperimentResolver } from "../export/mlflow/experiment-resolver.js";
import { resolveMlflowConnection } from "../export/mlflow/mlflow-connection.js";
import { createRemoteRun } from "../export/mlflow/runs-rest.js";
import { logOnce } from "../log.js";
import { getRuntime } from "../runtime.js";
import { encodeJson } from "../serialize/encode.js";
import { parseTrackingUri } from "../store/tracking-uri.js";
import { processIdentity } from "../tracer/trace-info-builder.js";
import { activateRun, activeRun, runInRun } from "./active-run.js";
import { Run, type RunHome } from "./run.js";

/** Options of {@link startRun} and {@link withRun}. */
export interface StartRunOptions {
  /** The run's name; default `run-` and the first 8 digits of its ID. */
  name?: string;
  /** Parameters of the run (model, temperature, dataset version…); values are stringified. */
  params?: Record<string, unknown>;
  /** Tags of the run; values are stringified. */
  tags?: Record<string, unknown>;
}

const asText = (v: unknown) => (typeof v === "string" ? v : encodeJson(v, 6000));

function stringify(entries: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(entries ?? {})) out[k] = asText(v);
  return out;
}

/** MLflow's run IDs: 32 lowercase hex digits. */
const newRunId = () => randomUUID().replace(/-/g, "");

/**
 * Creates the run where the tracking URI points: on the MLflow server (in the configured experiment, with MLflow's
 * system tags) or locally. A server that cannot be reached is logged and the run carries on locally, so tracing
 * never fails the program.
 */
async function createRun(options: StartRunOptions): Promise<Run> {
  if (options.name !== undefined && typeof options.name !== "string") throw new TypeError("A run's name must be a string");
  const runtime = getRuntime();
  const parent = activeRun();
  const localId = newRunId();
  const record: RunRecord = {
    name: options.name?.trim() || `run-${localId.slice(0, 8)}`,
    status: "RUNNING",
    startTimeMs: Date.now(),
    params: stringify(options.params),
    tags: stringify(options.tags),
  };
  if (parent) record.parentRunId = parent.runId;
  const target = parseTrackingUri(runtime.config.trackingUri);
  if (target.kind !== "remote" || !runtime.config.enabled) return new Run(localId, runtime.experimentId, record, { local: true });
  try {
    const server = resolveMlflowConnection(target.uri);
    const { experimentId, experimentName } = runtime.config;
    const experiment = await new ExperimentResolver(server, { experimentId, experimentName }, 10_000).experimentId();
    const identity = processIdentity();
    const systemTags: Record<string, string> = {
      [TraceMetadataKey.USER]: identity.user,
      [TraceMetadataKey.SOURCE_NAME]: identity.sourceName,
      [TraceMetadataKey.SOURCE_TYPE]: "LOCAL",
    };
    if (parent) systemTags["mlflow.parentRunId"] = parent.runId;
    const home: RunHome = { server };
    const runId = await createRemoteRun(server, { experimentId: experiment, name: record.name, startTimeMs: record.startTimeMs, params: record.params, tags: { ...systemTags, ...record.tags } });
    return new Run(runId, experiment, record, home);
  } catch (err) {
    logOnce("run-create", `run "${record.name}" could not be created on the MLflow server; its traces link to run ID ${localId}, which the server does not know`, err);
    return new Run(localId, runtime.experimentId, record, { local: true });
  }
}

/**
 * Starts a run and makes it active process-wide — every trace started from now on (outside a {@link withRun} scope
 * of another run) is linked to it — until `run.end()`. With an MLflow tracking URI the run is created on the server,
 * as `mlflow.start_run()` does; otherwise it lives in the local store with its traces. A run started while another
 * is active is nested under it (`parentRunId`).
 *
 * @example
 * const run = await startRun({ name: "eval-gpt-4o", params: { model: "gpt-4o", k: 4 } });
 * for (const q of questions) await answer(q);
 * await run.end(); // FINISHED; or run.end({ status: "FAILED" })
 */
export async function startRun(options: StartRunOptions = {}): Promise<Run> {
  const run = await createRun(options);
  activateRun(run);
  return run;
}

/**
 * Runs `fn` inside a new run, active only in `fn`'s async context (concurrent `withRun` calls do not see each
 * other's runs), and ends it: `FINISHED` when `fn` returns, `FAILED` when it throws (the error is rethrown).
 * Returns what `fn` returns.
 */
export async function withRun<T>(options: StartRunOptions, fn: (run: Run) => T | Promise<T>): Promise<T> {
  const run = await createRun(options);
  let result: T;
  try {
    result = await runInRun(run, () => fn(run));
  } catch (err) {
    await run.end({ status: "FAILED" });
    throw err;
  }
  await run.end({ status: "FINISHED" });
  return result;
}

/** The run new traces are linked to here, if any (the innermost `withRun`, else the latest `startRun` not ended). */
export function getActiveRun(): Run | undefined {
  return activeRun();
}
