import { decodeRunRecord, RUN_RECORD_TAG, type RunRecord } from "../entities/run-record.js";
import { TraceMetadataKey } from "../entities/trace-info.js";
import type { TraceJSON } from "../entities/trace.js";
import { ExperimentResolver, type ExperimentChoice } from "../export/mlflow/experiment-resolver.js";
import { resolveMlflowConnection, type MlflowConnection } from "../export/mlflow/mlflow-connection.js";
import { createRemoteRun, endRemoteRun } from "../export/mlflow/runs-rest.js";
import { findRemoteRunByTag } from "../export/mlflow/runs-search.js";

/** The run tag by which a local run pushed to MLflow is found again (so pushing twice creates it once). */
export const LOCAL_RUN_ID_TAG = "traceloom.localRunId";

/** Where {@link linkRunsOnServer} creates runs. */
export interface RunServerTarget extends Partial<ExperimentChoice> {
  trackingUri: string;
  env?: NodeJS.ProcessEnv;
}

/** A local run met among the traces pushed: its newest record and who recorded it. */
interface LocalRun {
  record: RunRecord;
  metadata: Record<string, string>;
}

/** The local runs the traces belong to (those whose traces carry a run record), by local run ID. */
function localRuns(traces: TraceJSON[]): Map<string, LocalRun> {
  const runs = new Map<string, LocalRun>();
  for (const t of traces) {
    const runId = t.info.trace_metadata[TraceMetadataKey.SOURCE_RUN];
    const record = decodeRunRecord(t.info.tags[RUN_RECORD_TAG]);
    if (!runId || !record) continue;
    const known = runs.get(runId);
    // An ended record is newer than a running one (a trace stored before the run's end was recorded).
    if (!known || (known.record.endTimeMs === undefined && record.endTimeMs !== undefined)) runs.set(runId, { record, metadata: t.info.trace_metadata });
  }
  return runs;
}

/** The server's run for a local run: found by its {@link LOCAL_RUN_ID_TAG}, else created (and ended) from its record. */
async function serverRun(connection: MlflowConnection, experimentId: string, localId: string, run: LocalRun): Promise<string> {
  const existing = await findRemoteRunByTag(connection, experimentId, LOCAL_RUN_ID_TAG, localId);
  if (existing) return existing;
  const { record, metadata } = run;
  const systemTags: Record<string, string> = { [LOCAL_RUN_ID_TAG]: localId, [TraceMetadataKey.SOURCE_TYPE]: "LOCAL" };
  for (const key of [TraceMetadataKey.USER, TraceMetadataKey.SOURCE_NAME]) if (metadata[key]) systemTags[key] = metadata[key];
  const runId = await createRemoteRun(connection, { experimentId, name: record.name, startTimeMs: record.startTimeMs, params: record.params, tags: { ...systemTags, ...record.tags } });
  if (record.status !== "RUNNING") await endRemoteRun(connection, runId, record.status, record.endTimeMs ?? record.startTimeMs);
  return runId;
}

/**
 * Before traces recorded locally go to an MLflow server (`traceloom traces push`): creates each local run they
 * belong to as a real run in the target experiment — name, params, tags, status and times from the run's record,
 * found again by {@link LOCAL_RUN_ID_TAG} when pushed before — and returns the traces relinked to the server's run
 * IDs (`mlflow.sourceRun`), without the local record tag. Traces of no run, or of a run without a record, are
 * returned as they are. Returns also how many runs were linked.
 */
export async function linkRunsOnServer(traces: TraceJSON[], target: RunServerTarget): Promise<{ traces: TraceJSON[]; runs: number }> {
  const runs = localRuns(traces);
  if (runs.size === 0) return { traces, runs: 0 };
  const connection = resolveMlflowConnection(target.trackingUri, target.env);
  const experimentId = await new ExperimentResolver(connection, { experimentId: target.experimentId, experimentName: target.experimentName ?? "Default" }, 10_000).experimentId();
  const serverIds = new Map<string, string>();
  for (const [localId, run] of runs) serverIds.set(localId, await serverRun(connection, experimentId, localId, run));
  const linked = traces.map((t) => {
    const serverId = serverIds.get(t.info.trace_metadata[TraceMetadataKey.SOURCE_RUN]);
    if (!serverId) return t;
    const { [RUN_RECORD_TAG]: _local, ...tags } = t.info.tags;
    return { ...t, info: { ...t.info, tags, trace_metadata: { ...t.info.trace_metadata, [TraceMetadataKey.SOURCE_RUN]: serverId } } };
  });
  return { traces: linked, runs: runs.size };
}
