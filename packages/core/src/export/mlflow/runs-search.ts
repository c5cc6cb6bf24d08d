import { requestJson } from "../http/http-request.js";
import type { MlflowConnection } from "./mlflow-connection.js";

/** The ID of the run in `experimentId` whose tag `key` is `value` (the first, if several), or undefined. */
export async function findRemoteRunByTag(connection: MlflowConnection, experimentId: string, key: string, value: string): Promise<string | undefined> {
  const literal = `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  const found = await requestJson<{ runs?: { info?: { run_id?: string } }[] }>({
    method: "POST",
    url: `${connection.host}/api/2.0/mlflow/runs/search`,
    headers: connection.headers,
    body: { experiment_ids: [experimentId], filter: `tags.\`${key}\` = ${literal}`, max_results: 1 },
    timeoutMs: 10_000,
  });
  return found?.runs?.[0]?.info?.run_id;
}
