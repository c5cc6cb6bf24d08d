import type { ServerResponse } from "node:http";
import { LoopbackServer, type Received } from "./loopback-server.js";
import { answerOtlp } from "./otlp-receiver.js";
import { decodeExportRequest, hex, spansOf, type DecodedSpan } from "./otlp-proto.js";

/** What the fake MLflow server holds: experiments, trace infos, uploaded `traces.json` bodies and OTLP spans by trace ID. */
export interface MlflowServerState {
  experiments: Map<string, string>;
  traceInfos: Map<string, Record<string, any>>;
  traceData: Map<string, { spans: Record<string, any>[] }>;
  otlpSpans: Map<string, DecodedSpan[]>;
}

/**
 * Which MLflow backend store the fake answers as: "sql" stores spans from `/v1/traces` and tags every trace
 * `mlflow.trace.spansLocation=TRACKING_STORE`; "file" answers `/v1/traces` with 501 and sets no such tag.
 */
export type FakeStore = "sql" | "file";

const ARTIFACTS_PREFIX = "/api/2.0/mlflow-artifacts/artifacts/";
const SIGNED_PREFIX = "/signed-upload/";

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

/**
 * A loopback server implementing the MLflow calls traceloom uses, as MLflow 3.6 answers them with a SQL or a file
 * backend store: experiments get-by-name / create, OTLP on `/v1/traces`, StartTraceV3 (adding the
 * `mlflow.artifactLocation` tag, and `mlflow.trace.spansLocation` on SQL), the artifact proxy PUT for `traces.json`,
 * and Databricks-style upload credentials with a signed URL. Unit tests only: integration-tests/mlflow runs the real server.
 */
export async function startMlflowServer(store: FakeStore = "sql"): Promise<{ server: LoopbackServer; state: MlflowServerState }> {
  const state: MlflowServerState = { experiments: new Map([["Default", "0"]]), traceInfos: new Map(), traceData: new Map(), otlpSpans: new Map() };
  const server: LoopbackServer = await new LoopbackServer((req: Received, res) => {
    if (req.method === "GET" && req.path === "/api/2.0/mlflow/experiments/get-by-name") {
      const id = state.experiments.get(req.query.get("experiment_name") ?? "");
      if (id === undefined) return json(res, 404, { error_code: "RESOURCE_DOES_NOT_EXIST", message: "no such experiment" });
      return json(res, 200, { experiment: { experiment_id: id, name: req.query.get("experiment_name") } });
    }
    if (req.method === "POST" && req.path === "/api/2.0/mlflow/experiments/create") {
      const { name } = JSON.parse(req.body.toString());
      if (state.experiments.has(name)) return json(res, 400, { error_code: "RESOURCE_ALREADY_EXISTS" });
      const id = String(state.experiments.size + 100);
      state.experiments.set(name, id);
      return json(res, 200, { experiment_id: id });
    }
    if (req.method === "POST" && req.path === "/api/3.0/mlflow/traces") {
      const info = JSON.parse(req.body.toString()).trace.trace_info;
      const exp = info.trace_location.mlflow_experiment.experiment_id;
      const tags: Record<string, string> = { ...info.tags, "mlflow.artifactLocation": `mlflow-artifacts:/${exp}/traces/${info.trace_id}/artifacts` };
      if (store === "sql") tags["mlflow.trace.spansLocation"] = "TRACKING_STORE";
      const stored = { ...info, tags };
      state.traceInfos.set(info.trace_id, stored);
      return json(res, 200, { trace: { trace_info: stored } });
    }
    if (req.method === "PUT" && req.path.startsWith(ARTIFACTS_PREFIX) && req.path.endsWith("/artifacts/traces.json")) {
      const traceId = req.path.slice(ARTIFACTS_PREFIX.length).split("/")[2];
      state.traceData.set(traceId, JSON.parse(req.body.toString()));
      return json(res, 200, {});
    }
    const cred = /^\/api\/2\.0\/mlflow\/traces\/([^/]+)\/credentials-for-data-upload$/.exec(req.path);
    if (req.method === "GET" && cred) {
      const signed = `${server.url}${SIGNED_PREFIX}${cred[1]}?X-Amz-Signature=secret-signature`;
      return json(res, 200, { credential_info: { signed_uri: signed, type: "AWS_PRESIGNED_URL", headers: [{ name: "x-amz-meta-origin", value: "traceloom" }] } });
    }
    if (req.method === "PUT" && req.path.startsWith(SIGNED_PREFIX)) {
      state.traceData.set(req.path.slice(SIGNED_PREFIX.length), JSON.parse(req.body.toString()));
      return json(res, 200, {});
    }
    if (req.method === "POST" && req.path === "/v1/traces") {
      if (store === "file") return json(res, 501, { detail: "REST OTLP span logging is not supported by FileStore" });
      for (const span of spansOf(decodeExportRequest(req.body))) {
        const id = `tr-${hex(span.traceId)}`;
        state.otlpSpans.set(id, [...(state.otlpSpans.get(id) ?? []), span]);
      }
      return answerOtlp(req, res);
    }
    json(res, 404, { error_code: "ENDPOINT_NOT_FOUND" });
  }).start();
  return { server, state };
}
