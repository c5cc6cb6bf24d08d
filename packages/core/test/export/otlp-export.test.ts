import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { configure, exportStats, flush, OtlpSink, shutdown, startSpan, TraceClient } from "../../src/index.js";
import { setEnv } from "./helpers/env.js";
import { attributesOf, hex, type DecodedSpan } from "./helpers/otlp-proto.js";
import { startOtlpReceiver, type OtlpReceiver } from "./helpers/otlp-receiver.js";
import { recordAgentTrace } from "./helpers/sample-trace.js";

let receiver: OtlpReceiver;
let restoreEnv: () => void = () => {};

beforeEach(async () => {
  receiver = await startOtlpReceiver();
});
afterEach(async () => {
  await shutdown();
  restoreEnv();
  await receiver.close();
});

const byName = (spans: DecodedSpan[], name: string) => {
  const s = spans.find((x) => x.name === name);
  if (!s) throw new Error(`no span ${name}`);
  return s;
};

describe("OTLP export through the official exporter", () => {
  it("sends every span with MLflow's attribute keys and values, IDs, times, status and events", async () => {
    restoreEnv = setEnv({ OTEL_SERVICE_NAME: "checkout-agent" });
    await configure({ trackingUri: "memory:", sinks: [new OtlpSink({ url: receiver.url })] });
    const rec = await recordAgentTrace();
    await flush();

    const stored = await new TraceClient().getTrace(rec.traceId);
    expect(stored).toBeDefined();
    const spans = receiver.spans();
    expect(spans.map((s) => s.name).sort()).toEqual(["agent", "chat", "get_weather"]);

    for (const storedSpan of stored!.spans) {
      const got = byName(spans, storedSpan.name);
      expect(hex(got.traceId)).toBe(rec.otelTraceId);
      expect(hex(got.spanId)).toBe(storedSpan.spanId);
      expect(got.parentSpanId?.length ? hex(got.parentSpanId) : null).toBe(storedSpan.parentId);
      expect(got.startTimeUnixNano.toString()).toBe(BigInt(storedSpan.startTimeNs).toString());
      expect(got.endTimeUnixNano.toString()).toBe(BigInt(storedSpan.endTimeNs!).toString());
      expect(got.kind).toBe(1); // SPAN_KIND_INTERNAL
      // Attribute values are MLflow's JSON-encoded strings, unchanged.
      expect(attributesOf(got.attributes)).toEqual(storedSpan.json.attributes);
    }

    const root = byName(spans, "agent");
    expect(attributesOf(root.attributes)["mlflow.spanType"]).toBe('"AGENT"');
    expect(attributesOf(root.attributes)["mlflow.traceRequestId"]).toBe(JSON.stringify(rec.traceId));
    expect(attributesOf(root.attributes)["mlflow.spanOutputs"]).toBe('"It is sunny."');
    expect(root.status).toEqual(expect.objectContaining({ code: 1 })); // STATUS_CODE_OK

    const chat = byName(spans, "chat");
    expect(JSON.parse(attributesOf(chat.attributes)["mlflow.chat.tokenUsage"] as string)).toEqual({ input_tokens: 12, output_tokens: 5, total_tokens: 17 });
    expect(hex(chat.parentSpanId!)).toBe(rec.rootSpanId);

    const tool = byName(spans, "get_weather");
    expect(tool.status).toEqual(expect.objectContaining({ code: 2, message: "weather service down" }));
    expect(tool.events.map((e) => e.name)).toEqual(["exception"]);
    const exc = attributesOf(tool.events[0].attributes);
    expect(exc["exception.type"]).toBe("RangeError");
    expect(exc["exception.message"]).toBe("weather service down");
    expect(String(exc["exception.stacktrace"])).toContain("RangeError: weather service down");
    expect(tool.events[0].timeUnixNano.toString()).toBe(BigInt(stored!.spans.find((s) => s.name === "get_weather")!.events[0].time_unix_nano).toString());

    const [{ body }] = receiver.exports();
    expect(attributesOf(body.resourceSpans[0].resource!.attributes)["service.name"]).toBe("checkout-agent");
    expect(body.resourceSpans[0].scopeSpans[0].scope).toEqual(expect.objectContaining({ name: "traceloom" }));
  });

  it("retries after a 503 and delivers the trace once", async () => {
    await configure({ trackingUri: "memory:", sinks: [new OtlpSink({ url: receiver.url })], queue: { initialBackoffMs: 5 } });
    receiver.server.failNext("/v1/traces", 503, 1);
    const rec = await recordAgentTrace();
    await flush();

    const attempts = receiver.server.to("/v1/traces");
    expect(attempts.map((r) => r.status)).toEqual([503, 200]);
    expect(receiver.spans().filter((s) => s.name === "agent").map((s) => hex(s.traceId))).toEqual([rec.otelTraceId]);
    const stats = exportStats().find((s) => s.sink.startsWith("otlp:"));
    expect(stats).toEqual(expect.objectContaining({ exported: 1, dropped: 0, queued: 0 }));
  });

  it("is configured from OTEL_EXPORTER_OTLP_ENDPOINT and _HEADERS", async () => {
    restoreEnv = setEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.server.url, OTEL_EXPORTER_OTLP_HEADERS: "x-team=search,x-tenant=acme" });
    await configure({ trackingUri: "memory:" });
    const rec = await recordAgentTrace();
    await flush();

    const [exp] = receiver.exports();
    expect(exp.headers["x-team"]).toBe("search");
    expect(exp.headers["x-tenant"]).toBe("acme");
    expect(exp.headers["content-type"]).toBe("application/x-protobuf");
    expect(new Set(receiver.spans().map((s) => hex(s.traceId)))).toEqual(new Set([rec.otelTraceId]));
    expect(exportStats().map((s) => s.sink)).toEqual(["store:memory:", "otlp:env"]);
  });

  it("prefers OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, used as the full URL", async () => {
    restoreEnv = setEnv({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:9/unused" });
    await configure({ trackingUri: "memory:" });
    await recordAgentTrace();
    await flush();
    expect(receiver.spans()).toHaveLength(3);
  });

  it("keeps a remote parent: the first span of a continued trace points at the caller's span", async () => {
    await configure({ trackingUri: "memory:", sinks: [new OtlpSink({ url: receiver.url })] });
    const caller = { traceId: "4bf92f3577b34da6a3ce929d0e0e4736", spanId: "00f067aa0ba902b7" };
    const span = startSpan({ name: "handle /chat", parent: caller });
    span.end();
    await flush();

    const [got] = receiver.spans();
    expect(hex(got.traceId)).toBe(caller.traceId);
    expect(hex(got.parentSpanId!)).toBe(caller.spanId);
  });
});
