import { context, trace as otelTrace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getCurrentSpan, withSpan } from "../src/index.js";
import { lastTrace, useMemoryStore } from "./helpers.js";

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const contextManager = new AsyncLocalStorageContextManager();

beforeAll(() => {
  context.setGlobalContextManager(contextManager.enable());
  otelTrace.setGlobalTracerProvider(provider);
});
afterAll(async () => {
  await provider.shutdown();
  context.disable();
});
beforeEach(async () => {
  exporter.reset();
  await useMemoryStore();
});

describe("OpenTelemetry interop", () => {
  it("OTel spans started inside a traceloom span nest under it", async () => {
    const tracer = otelTrace.getTracer("test");
    await withSpan("agent", async () => {
      await tracer.startActiveSpan("http.request", async (otelSpan) => {
        otelSpan.end();
      });
    });
    const t = await lastTrace();
    const [finished] = exporter.getFinishedSpans();
    expect(finished.name).toBe("http.request");
    expect(finished.spanContext().traceId).toBe(t.traceId.slice(3));
    expect(finished.parentSpanContext?.spanId).toBe(t.rootSpan!.spanId);
  });

  it("a trace started inside an active OTel span joins its trace ID and records the OTel parent", async () => {
    const tracer = otelTrace.getTracer("test");
    let otelIds: { traceId: string; spanId: string } | undefined;
    await tracer.startActiveSpan("incoming", async (otelSpan) => {
      otelIds = otelSpan.spanContext();
      await withSpan("handler", async () => {
        expect(getCurrentSpan()!.otelTraceId).toBe(otelIds!.traceId);
      });
      otelSpan.end();
    });
    const t = await lastTrace();
    expect(t.traceId).toBe(`tr-${otelIds!.traceId}`);
    expect(t.rootSpan!.parentId).toBeNull();
    expect(t.rootSpan!.attribute("traceloom.otel.parentSpanId")).toBe(otelIds!.spanId);
  });
});
