import { randomUUID } from "node:crypto";
import type { RunRecord } from "../entities/run-record.js";
import { TraceMetadataKey } from "../entities/trace-info.js";
import { ExperimentResolver } from "../export/mlflow/experiment-resolver.js";
import { resolveMlflowConnection } from "../export/mlflow/mlflow-connection.js";
import { createRemoteRun } from "../export/mlflow/runs-rest.js";
import { logOnce } from "../log.js";
import { getRuntime, type Runtime } from "../runtime.js";
import { encodeJson } from "../serialize/encode.js";
import { parseTrackingUri } from "../store/tracking-uri.js";
import { processIdentity } from "../tracer/trace-info-builder.js";
import { activateRun, activeRun, runInRun } from "./active-run.js";
import { Run, type RunHome } from "./run.js";

/** MLflow's run tag naming the run a nested run was started inside. */
export const PARENT_RUN_TAG = "mlflow.parentRunId";

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

/** Stores a local run's row in the runtime's store; without a store (or when it cannot be written) only its traces carry it. */
function localHome(runtime: Runtime, record: RunRecord): RunHome {
  if (!runtime.config.enabled) return { none: true };
  try {
    const store = runtime.store;
    if (!store) return { none: true };
    store.saveRun(record);
    return { store };
  } catch (err) {
    logOnce("run-save", `run "${record.name}" could not be stored in ${runtime.config.trackingUri}; its traces still carry its ID`, err);
    return { none: true };
  }
}

/**
 * Creates the run where the tracking URI points: on the MLflow server (in the configured experiment, with MLflow's
 * system tags) or in the local store. A server that cannot be reached is logged and the run carries on locally, so
 * tracing never fails the program.
 */
async function createRun(options: StartRunOptions): Promise<Run> {
  if (options.name !== undefined && typeof options.name !== "string") throw new TypeError("A run's name must be a string");
  const runtime = getRuntime();
  const parent = activeRun();
  const localId = newRunId();
  const base = {
    name: options.name?.trim() || `run-${localId.slice(0, 8)}`,
    status: "RUNNING" as const,
    startTimeMs: Date.now(),
    endTimeMs: null,
    parentRunId: parent?.runId ?? null,
    params: stringify(options.params),
    tags: stringify(options.tags),
  };
  const target = parseTrackingUri(runtime.config.trackingUri);
  if (target.kind !== "remote" || !runtime.config.enabled) {
    const record: RunRecord = { ...base, runId: localId, experimentId: runtime.experimentId };
    return new Run(record, localHome(runtime, record));
  }
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
    if (parent) systemTags[PARENT_RUN_TAG] = parent.runId;
    const runId = await createRemoteRun(server, { experimentId: experiment, name: base.name, startTimeMs: base.startTimeMs, params: base.params, tags: { ...systemTags, ...base.tags } });
    return new Run({ ...base, runId, experimentId: experiment }, { server });
  } catch (err) {
    logOnce("run-create", `run "${base.name}" could not be created on the MLflow server; its traces link to run ID ${localId}, which the server does not know`, err);
    return new Run({ ...base, runId: localId, experimentId: runtime.experimentId }, { none: true });
  }
}

/**
 * Starts a run and makes it active process-wide — every trace started from now on (outside a {@link withRun} scope
 * of another run) is linked to it — until `run.end()`. With an MLflow tracking URI the run is created on the server,
 * as `mlflow.start_run()` does; otherwise it is stored in the local store (RUNNING, then how it ended). A run started while another
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
