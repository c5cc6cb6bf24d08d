import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { configure, exportStats, flush, shutdown, Trace } from "../../src/index.js";
import { collectLogs, setEnv } from "./helpers/env.js";
import type { LoopbackServer } from "./helpers/loopback-server.js";
import { startMlflowServer, type MlflowServerState } from "./helpers/mlflow-server.js";
import { attributesOf, hex } from "./helpers/otlp-proto.js";
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

describe("MLflow tracking server export (OTLP spans + StartTraceV3, artifact only where needed)", () => {
  it("on a SQL-backed server: creates the experiment, sends the spans over OTLP with native values, then StartTraceV3, and no artifact", async () => {
    await configure({ trackingUri: server.url, experimentName: "support-agent", queue: FAST_QUEUE });
    const rec = await recordAgentTrace();
    await flush();

    expect(server.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      "GET /api/2.0/mlflow/experiments/get-by-name 404",
      "POST /api/2.0/mlflow/experiments/create 200",
      "POST /v1/traces 200",
      "POST /api/3.0/mlflow/traces 200",
    ]);
    const experimentId = state.experiments.get("support-agent");
    const [otlp] = server.to("/v1/traces");
    expect(otlp.headers["content-type"]).toBe("application/x-protobuf");
    expect(otlp.headers["x-mlflow-experiment-id"]).toBe(experimentId);
    const spans = state.otlpSpans.get(rec.traceId)!;
    expect(spans.map((s) => s.name).sort()).toEqual(["agent", "chat", "get_weather"]);
    const byName = Object.fromEntries(spans.map((s) => [s.name, s]));
    expect(byName.agent.parentSpanId?.length ?? 0).toBe(0);
    expect(hex(byName.chat.parentSpanId!)).toBe(rec.rootSpanId);
    const root = attributesOf(byName.agent.attributes);
    expect(root["mlflow.traceRequestId"]).toBe(rec.traceId);
    expect(root["mlflow.spanType"]).toBe("AGENT");
    expect(root["mlflow.spanInputs"]).toEqual({ question: "weather in Paris?" });
    expect(attributesOf(byName.chat.attributes)["mlflow.chat.tokenUsage"]).toEqual({ input_tokens: 12, output_tokens: 5, total_tokens: 17 });
    expect(byName.get_weather.status).toEqual(expect.objectContaining({ code: 2, message: "weather service down" }));
    expect(attributesOf(byName.get_weather.events[0].attributes)["exception.type"]).toBe("RangeError");

    const [start] = server.to("/api/3.0/mlflow/traces");
    const info = JSON.parse(start.body.toString()).trace.trace_info;
    expect(info.trace_id).toBe(rec.traceId);
    expect(info.trace_location).toEqual({ type: "MLFLOW_EXPERIMENT", mlflow_experiment: { experiment_id: experimentId } });
    expect(info.state).toBe("OK");
    expect(info.request_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(info.execution_duration).toMatch(/^\d+(\.\d+)?s$/);
    expect(info.tags["mlflow.traceName"]).toBe("agent");
    expect(JSON.parse(info.trace_metadata["mlflow.trace.sizeStats"]).num_spans).toBe(3);
    expect(JSON.parse(info.trace_metadata["mlflow.trace.tokenUsage"])).toEqual({ input_tokens: 12, output_tokens: 5, total_tokens: 17 });
    expect(info.request_preview).toContain("weather in Paris?");
    expect(exportStats()).toEqual([expect.objectContaining({ sink: `mlflow:${server.url}`, exported: 1, dropped: 0, droppedTraceIds: [] })]);
  });

  it("on a file-store server (/v1/traces answers 501): uploads traces.json to the artifact location, and stops trying OTLP", async () => {
    await server.close();
    ({ server, state } = await startMlflowServer("file"));
    await configure({ trackingUri: server.url, experimentId: "0", queue: FAST_QUEUE });
    const first = await recordAgentTrace();
    await flush();
    const second = await recordAgentTrace("and tomorrow?");
    await flush();

    expect(server.to("/v1/traces").map((r) => r.status)).toEqual([501]);
    const uploads = server.to("/api/2.0/mlflow-artifacts/");
    expect(uploads.map((u) => `${u.method} ${u.path}`)).toEqual([
      `PUT /api/2.0/mlflow-artifacts/artifacts/0/traces/${first.traceId}/artifacts/traces.json`,
      `PUT /api/2.0/mlflow-artifacts/artifacts/0/traces/${second.traceId}/artifacts/traces.json`,
    ]);
    const trace = Trace.fromJSON({ info: state.traceInfos.get(first.traceId) as never, data: state.traceData.get(first.traceId) as never });
    expect(trace.spans.map((s) => s.name)).toEqual(["agent", "chat", "get_weather"]);
    expect(trace.spans[1].attributes["mlflow.spanType"]).toBe("CHAT_MODEL");
    expect(trace.spans[2].events[0].attributes["exception.type"]).toBe("RangeError");
    expect(exportStats()[0]).toEqual(expect.objectContaining({ exported: 2, dropped: 0 }));
  });

  it("counts per trace: one 413 on one artifact upload in a batch of 4 drops exactly that trace", async () => {
    await server.close();
    ({ server, state } = await startMlflowServer("file"));
    const logs = collectLogs();
    await configure({ trackingUri: server.url, experimentId: "0", queue: FAST_QUEUE, logger: logs.logger });
    const recs = [];
    for (let i = 0; i < 4; i++) recs.push(await recordAgentTrace(`question ${i}`));
    server.failNext("/api/2.0/mlflow-artifacts/", 413, 1);
    await flush();

    const [refused] = server.to("/api/2.0/mlflow-artifacts/").filter((r) => r.status === 413);
    const droppedId = recs.find((r) => refused.path.includes(r.traceId))!.traceId;
    expect(exportStats()[0]).toEqual(expect.objectContaining({ exported: 3, dropped: 1, droppedTraceIds: [droppedId] }));
    expect(state.traceData.size).toBe(3);
    expect(server.to("/api/3.0/mlflow/traces")).toHaveLength(4);
    expect(logs.lines[0]).toContain("does not store spans sent to /v1/traces (HTTP 501)");
    expect(logs.lines.slice(1)).toEqual([expect.stringMatching(new RegExp(`dropped 1 trace\\(s\\) \\(${droppedId}\\) because the destination refused them: PUT .* answered 413`))]);
    for (const line of logs.lines) expect(line).not.toMatch(/\n|    at /);
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
    expect(server.to("/v1/traces").map((r) => r.status)).toEqual([200]);
    expect(state.otlpSpans.get(rec.traceId)).toHaveLength(3);
    expect(exportStats()[0]).toEqual(expect.objectContaining({ exported: 1, dropped: 0, failedAttempts: 1 }));
  });

  it("after a failed upload, retries only the upload (StartTraceV3 is not sent twice)", async () => {
    await server.close();
    ({ server, state } = await startMlflowServer("file"));
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
    server.failNext("/api/2.0/mlflow/experiments/", 401, 10);
    await recordAgentTrace();
    await flush();

    expect(server.to("/api/2.0/mlflow/experiments/")).toHaveLength(1);
    const stats = exportStats()[0];
    expect(stats).toEqual(expect.objectContaining({ exported: 0, dropped: 1, failedAttempts: 1 }));
    expect(stats.lastError).toContain("answered 401");
    expect(logs.lines.join("\n")).toContain("because the destination refused them");
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

  it("ignores the retired TRACELOOM_MLFLOW_EXPORT with a one-line notice, exporting the one way", async () => {
    restoreEnv = setEnv({ TRACELOOM_MLFLOW_EXPORT: "otlp" });
    const logs = collectLogs();
    await configure({ trackingUri: server.url, queue: FAST_QUEUE, logger: logs.logger });
    const rec = await recordAgentTrace();
    await flush();

    expect(logs.lines).toEqual([expect.stringContaining("TRACELOOM_MLFLOW_EXPORT is no longer used")]);
    expect(state.otlpSpans.get(rec.traceId)).toHaveLength(3);
    expect(state.traceInfos.get(rec.traceId)?.tags["mlflow.traceName"]).toBe("agent");
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
