import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { configure, exportStats, flush, shutdown, Trace } from "../../src/index.js";
import { collectLogs, setEnv } from "./helpers/env.js";
import type { LoopbackServer } from "./helpers/loopback-server.js";
import { startMlflowServer, type MlflowServerState } from "./helpers/mlflow-server.js";
import { acceptedOtlp } from "./helpers/otlp-receiver.js";
import { attributesOf, hex, spansOf } from "./helpers/otlp-proto.js";
import { recordAgentTrace } from "./helpers/sample-trace.js";

let server: LoopbackServer;
let state: MlflowServerState;
let restoreEnv: () => void = () => {};
const FAST_QUEUE = { initialBackoffMs: 5, maxBackoffMs: 20 };

beforeEach(async () => {
  ({ server, state } = await startMlflowServer());
  restoreEnv = setEnv({ MLFLOW_TRACKING_TOKEN: undefined, MLFLOW_EXPERIMENT_ID: undefined, MLFLOW_EXPERIMENT_NAME: undefined, TRACELOOM_MLFLOW_EXPORT: undefined });
});
afterEach(async () => {
  await shutdown();
  restoreEnv();
  await server.close();
});

describe("MLflow tracking server export (StartTraceV3 + traces.json)", () => {
  it("creates the experiment by name, logs the TraceInfo and uploads the spans to the artifact location", async () => {
    await configure({ trackingUri: server.url, experimentName: "support-agent", queue: FAST_QUEUE });
    const rec = await recordAgentTrace();
    await flush();

    expect(server.to("/api/2.0/mlflow/experiments/").map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      "GET /api/2.0/mlflow/experiments/get-by-name 404",
      "POST /api/2.0/mlflow/experiments/create 200",
    ]);
    const experimentId = state.experiments.get("support-agent");

    const [start] = server.to("/api/3.0/mlflow/traces");
    const info = JSON.parse(start.body.toString()).trace.trace_info;
    expect(info.trace_id).toBe(rec.traceId);
    expect(info.trace_location).toEqual({ type: "MLFLOW_EXPERIMENT", mlflow_experiment: { experiment_id: experimentId } });
    expect(info.state).toBe("OK");
    expect(info.request_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(info.execution_duration).toMatch(/^\d+(\.\d+)?s$/);
    expect(info).not.toHaveProperty("execution_duration_ms");
    expect(info.tags["mlflow.traceName"]).toBe("agent");
    expect(info.trace_metadata["mlflow.trace_schema.version"]).toBe("3");
    expect(JSON.parse(info.trace_metadata["mlflow.trace.tokenUsage"])).toEqual({ input_tokens: 12, output_tokens: 5, total_tokens: 17 });
    expect(info.request_preview).toContain("weather in Paris?");

    const [upload] = server.to("/api/2.0/mlflow-artifacts/");
    expect(upload.method).toBe("PUT");
    expect(upload.path).toBe(`/api/2.0/mlflow-artifacts/artifacts/${experimentId}/traces/${rec.traceId}/artifacts/traces.json`);
    const data = state.traceData.get(rec.traceId)!;
    const trace = Trace.fromJSON({ info: state.traceInfos.get(rec.traceId) as never, data: data as never });
    expect(trace.spans.map((s) => s.name)).toEqual(["agent", "chat", "get_weather"]);
    expect(trace.rootSpan?.spanId).toBe(rec.rootSpanId);
    expect(trace.spans[0].json.trace_id).toBe(Buffer.from(rec.otelTraceId, "hex").toString("base64"));
    expect(trace.spans[1].attributes["mlflow.spanType"]).toBe("CHAT_MODEL");
    expect(trace.spans[2].status).toEqual({ code: "STATUS_CODE_ERROR", message: "weather service down" });
    expect(trace.spans[2].events[0].attributes["exception.type"]).toBe("RangeError");
    expect(exportStats()).toEqual([expect.objectContaining({ sink: `mlflow:${server.url}`, exported: 1, dropped: 0 })]);
  });

  it("uses MLFLOW_EXPERIMENT_ID without any lookup, and sends MLFLOW_TRACKING_TOKEN as a bearer token", async () => {
    restoreEnv = setEnv({ MLFLOW_EXPERIMENT_ID: "42", MLFLOW_TRACKING_TOKEN: "tok-secret-123" });
    await configure({ trackingUri: server.url, queue: FAST_QUEUE });
    const rec = await recordAgentTrace();
    await flush();

    expect(server.to("/api/2.0/mlflow/experiments/")).toEqual([]);
    expect(state.traceInfos.get(rec.traceId)?.trace_location.mlflow_experiment.experiment_id).toBe("42");
    for (const r of server.requests) expect(r.headers.authorization).toBe("Bearer tok-secret-123");
  });

  it("retries StartTraceV3 after a 503 and logs the trace exactly once", async () => {
    await configure({ trackingUri: server.url, queue: FAST_QUEUE });
    server.failNext("/api/3.0/mlflow/traces", 503, 1);
    const rec = await recordAgentTrace();
    await flush();

    expect(server.to("/api/3.0/mlflow/traces").map((r) => r.status)).toEqual([503, 200]);
    expect(server.to("/api/2.0/mlflow-artifacts/").map((r) => r.status)).toEqual([200]);
    expect(state.traceData.get(rec.traceId)?.spans).toHaveLength(3);
    expect(exportStats()[0]).toEqual(expect.objectContaining({ exported: 1, dropped: 0, failedAttempts: 1 }));
  });

  it("after a failed upload, retries only the upload (StartTraceV3 is not sent twice)", async () => {
    await configure({ trackingUri: server.url, queue: FAST_QUEUE });
    server.failNext("/api/2.0/mlflow-artifacts/", 503, 2);
    const rec = await recordAgentTrace();
    await flush();

    expect(server.to("/api/3.0/mlflow/traces")).toHaveLength(1);
    expect(server.to("/api/2.0/mlflow-artifacts/").map((r) => r.status)).toEqual([503, 503, 200]);
    expect(state.traceData.get(rec.traceId)?.spans).toHaveLength(3);
  });

  it("does not retry a 401, counts the drop, and never logs the token", async () => {
    restoreEnv = setEnv({ MLFLOW_TRACKING_TOKEN: "tok-never-log-me" });
    const logs = collectLogs();
    await configure({ trackingUri: server.url, queue: FAST_QUEUE, logger: logs.logger });
    server.failNext("/api/3.0/mlflow/traces", 401, 10);
    await recordAgentTrace();
    await flush();

    expect(server.to("/api/3.0/mlflow/traces")).toHaveLength(1);
    const stats = exportStats()[0];
    expect(stats).toEqual(expect.objectContaining({ exported: 0, dropped: 1, failedAttempts: 1 }));
    expect(stats.lastError).toContain("answered 401");
    expect(logs.lines.join("\n")).toContain("not worth retrying");
    expect(JSON.stringify({ logs: logs.lines, stats })).not.toContain("tok-never-log-me");
  });

  it("strips credentials in the tracking URI from names and errors, and sends them as basic auth", async () => {
    const logs = collectLogs();
    const withUser = server.url.replace("http://", "http://alice:pa55word@");
    await configure({ trackingUri: withUser, queue: FAST_QUEUE, logger: logs.logger });
    await recordAgentTrace();
    await flush();

    expect(server.requests[0].headers.authorization).toBe(`Basic ${Buffer.from("alice:pa55word").toString("base64")}`);
    expect(JSON.stringify({ logs: logs.lines, stats: exportStats() })).not.toContain("pa55word");
    expect(exportStats()[0]).toEqual(expect.objectContaining({ sink: `mlflow:${server.url}`, exported: 1 }));
  });

  it("with TRACELOOM_MLFLOW_EXPORT=otlp, sends OTLP to /v1/traces with x-mlflow-experiment-id", async () => {
    restoreEnv = setEnv({ TRACELOOM_MLFLOW_EXPORT: "otlp", MLFLOW_EXPERIMENT_NAME: "otlp-exp" });
    await configure({ trackingUri: server.url, queue: FAST_QUEUE });
    const rec = await recordAgentTrace();
    await flush();

    const [exp] = acceptedOtlp(server.requests);
    expect(exp.headers["x-mlflow-experiment-id"]).toBe(state.experiments.get("otlp-exp"));
    const spans = spansOf(exp.body);
    expect(spans.map((s) => s.name).sort()).toEqual(["agent", "chat", "get_weather"]);
    expect(spans.every((s) => hex(s.traceId) === rec.otelTraceId)).toBe(true);
    const root = spans.find((s) => s.name === "agent")!;
    expect(attributesOf(root.attributes)["mlflow.traceRequestId"]).toBe(JSON.stringify(rec.traceId));
  });

  it("on Databricks, uploads through the signed URL the credentials endpoint returns", async () => {
    restoreEnv = setEnv({ DATABRICKS_HOST: server.url, DATABRICKS_TOKEN: "dapi-secret", MLFLOW_EXPERIMENT_ID: "7" });
    const logs = collectLogs();
    await configure({ trackingUri: "databricks", queue: FAST_QUEUE, logger: logs.logger });
    const rec = await recordAgentTrace();
    await flush();

    const cred = server.to("/api/2.0/mlflow/traces/");
    expect(cred.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /api/2.0/mlflow/traces/${rec.traceId}/credentials-for-data-upload`]);
    expect(cred[0].headers.authorization).toBe("Bearer dapi-secret");
    const [put] = server.to("/signed-upload/");
    expect(put.query.get("X-Amz-Signature")).toBe("secret-signature");
    expect(put.headers["x-amz-meta-origin"]).toBe("traceloom");
    expect(put.headers.authorization).toBeUndefined();
    expect(state.traceData.get(rec.traceId)?.spans).toHaveLength(3);
    expect(logs.lines).toEqual([]);
  });

  it("reports a Databricks URI without DATABRICKS_HOST as a configuration error, without throwing", async () => {
    restoreEnv = setEnv({ DATABRICKS_HOST: undefined, DATABRICKS_TOKEN: undefined });
    const logs = collectLogs();
    await configure({ trackingUri: "databricks", queue: FAST_QUEUE, logger: logs.logger });
    await recordAgentTrace();
    await flush();

    expect(exportStats()[0]).toEqual(expect.objectContaining({ dropped: 1, failedAttempts: 1 }));
    expect(exportStats()[0].lastError).toContain("DATABRICKS_HOST is not set");
  });
});
