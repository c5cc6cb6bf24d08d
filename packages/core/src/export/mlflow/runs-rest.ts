import { requestJson } from "../http/http-request.js";
import type { MlflowConnection } from "./mlflow-connection.js";

/** Per-request timeout of a run call, ms. */
const TIMEOUT_MS = 10_000;
/** MLflow's limits: params per log-batch call, param and tag value lengths. */
const PARAMS_PER_BATCH = 100;
const MAX_PARAM_VALUE_CHARS = 6000;
const MAX_TAG_VALUE_CHARS = 8000;

/** What a run is created with on the server. */
export interface RemoteRunSpec {
  experimentId: string;
  name: string;
  startTimeMs: number;
  params: Record<string, string>;
  tags: Record<string, string>;
}

const pairs = (entries: Record<string, string>, max: number) => Object.entries(entries).map(([key, value]) => ({ key, value: value.slice(0, max) }));

/**
 * Creates a run in an experiment of an MLflow server (`runs/create` with its name, start time and tags, then its
 * params through `runs/log-batch`, 100 at a time) and returns the ID the server gave it.
 */
export async function createRemoteRun(connection: MlflowConnection, spec: RemoteRunSpec): Promise<string> {
  const created = await requestJson<{ run?: { info?: { run_id?: string } } }>({
    method: "POST",
    url: `${connection.host}/api/2.0/mlflow/runs/create`,
    headers: connection.headers,
    body: { experiment_id: spec.experimentId, run_name: spec.name, start_time: spec.startTimeMs, tags: pairs(spec.tags, MAX_TAG_VALUE_CHARS) },
    timeoutMs: TIMEOUT_MS,
  });
  const runId = created?.run?.info?.run_id;
  if (!runId) throw new Error("The MLflow server answered runs/create without a run ID");
  const params = pairs(spec.params, MAX_PARAM_VALUE_CHARS);
  for (let i = 0; i < params.length; i += PARAMS_PER_BATCH) {
    await requestJson({
      method: "POST",
      url: `${connection.host}/api/2.0/mlflow/runs/log-batch`,
      headers: connection.headers,
      body: { run_id: runId, params: params.slice(i, i + PARAMS_PER_BATCH) },
      timeoutMs: TIMEOUT_MS,
    });
  }
  return runId;
}

/** Ends a run on an MLflow server (`runs/update` with its final status and end time). */
export async function endRemoteRun(connection: MlflowConnection, runId: string, status: string, endTimeMs: number): Promise<void> {
  await requestJson({
    method: "POST",
    url: `${connection.host}/api/2.0/mlflow/runs/update`,
    headers: connection.headers,
    body: { run_id: runId, status, end_time: endTimeMs },
    timeoutMs: TIMEOUT_MS,
  });
}
