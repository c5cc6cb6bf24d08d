import type { RunRecord } from "../entities/run-record.js";
import { TraceMetadataKey } from "../entities/trace-info.js";
import type { TraceJSON } from "../entities/trace.js";
import { ExperimentResolver, type ExperimentChoice } from "../export/mlflow/experiment-resolver.js";
import { resolveMlflowConnection, type MlflowConnection } from "../export/mlflow/mlflow-connection.js";
import { createRemoteRun, endRemoteRun } from "../export/mlflow/runs-rest.js";
import { findRemoteRunByTag } from "../export/mlflow/runs-search.js";
import { PARENT_RUN_TAG } from "./run-api.js";

/** The run tag by which a local run pushed to MLflow is found again (so pushing twice creates it once). */
export const LOCAL_RUN_ID_TAG = "traceloom.localRunId";

/** Where {@link linkRunsOnServer} creates runs. */
export interface RunServerTarget extends Partial<ExperimentChoice> {
  trackingUri: string;
  env?: NodeJS.ProcessEnv;
}

/** The server's run for a local run: found by its {@link LOCAL_RUN_ID_TAG}, else created (and ended) from its record. */
async function serverRun(connection: MlflowConnection, experimentId: string, run: RunRecord, identity: Record<string, string>, parentId: string | undefined): Promise<string> {
  const existing = await findRemoteRunByTag(connection, experimentId, LOCAL_RUN_ID_TAG, run.runId);
  if (existing) return existing;
  const systemTags: Record<string, string> = { ...identity, [LOCAL_RUN_ID_TAG]: run.runId, [TraceMetadataKey.SOURCE_TYPE]: "LOCAL" };
  if (parentId) systemTags[PARENT_RUN_TAG] = parentId;
  const runId = await createRemoteRun(connection, { experimentId, name: run.name, startTimeMs: run.startTimeMs, params: run.params, tags: { ...systemTags, ...run.tags } });
  if (run.status !== "RUNNING") await endRemoteRun(connection, runId, run.status, run.endTimeMs ?? run.startTimeMs);
  return runId;
}

/** Who recorded the run, from one of its traces (MLflow's `mlflow.user` / `mlflow.source.name` run tags). */
function identityOf(trace: TraceJSON): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of [TraceMetadataKey.USER, TraceMetadataKey.SOURCE_NAME]) if (trace.info.trace_metadata[key]) out[key] = trace.info.trace_metadata[key];
  return out;
}

/**
 * Before traces recorded locally go to an MLflow server (`traceloom traces push`): creates each local run they
 * belong to (`runOf` reads its record, e.g. `store.getRun`) as a real run in the target experiment — name, params,
 * tags, status, times, parent when pushed too — found again by {@link LOCAL_RUN_ID_TAG} when pushed before, and
 * returns the traces relinked to the server's run IDs (`mlflow.sourceRun`) with how many runs were linked. Traces
 * of no run, or of a run `runOf` does not know, are returned as they are.
 */
export async function linkRunsOnServer(
  traces: TraceJSON[],
  target: RunServerTarget,
  runOf: (runId: string) => RunRecord | undefined,
): Promise<{ traces: TraceJSON[]; runs: number }> {
  const runs = new Map<string, { run: RunRecord; identity: Record<string, string> }>();
  for (const t of traces) {
    const runId = t.info.trace_metadata[TraceMetadataKey.SOURCE_RUN];
    if (!runId || runs.has(runId)) continue;
    const run = runOf(runId);
    if (run) runs.set(runId, { run, identity: identityOf(t) });
  }
  if (runs.size === 0) return { traces, runs: 0 };
  const connection = resolveMlflowConnection(target.trackingUri, target.env);
  const experimentId = await new ExperimentResolver(connection, { experimentId: target.experimentId, experimentName: target.experimentName ?? "Default" }, 10_000).experimentId();
  const serverIds = new Map<string, string>();
  // Oldest first, so a parent run pushed along is on the server before its nested runs name it.
  for (const { run, identity } of [...runs.values()].sort((a, b) => a.run.startTimeMs - b.run.startTimeMs)) {
    serverIds.set(run.runId, await serverRun(connection, experimentId, run, identity, run.parentRunId ? serverIds.get(run.parentRunId) : undefined));
  }
  const linked = traces.map((t) => {
    const serverId = serverIds.get(t.info.trace_metadata[TraceMetadataKey.SOURCE_RUN]);
    return serverId ? { ...t, info: { ...t.info, trace_metadata: { ...t.info.trace_metadata, [TraceMetadataKey.SOURCE_RUN]: serverId } } } : t;
  });
  return { traces: linked, runs: runs.size };
}
