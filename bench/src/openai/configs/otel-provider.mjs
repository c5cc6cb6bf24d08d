/**
 * The OpenTelemetry setup a Node application would have for the OTel-based peers: a global tracer provider with the
 * default BatchSpanProcessor, AsyncLocalStorage context, and an exporter that counts instead of sending.
 */
import { context, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { BasicTracerProvider, BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { CountingSpanExporter } from "./counting-span-exporter.mjs";

/** Registers the provider globally; returns it with its exporter (for the span count at the end). */
export function registerOtelProvider() {
  const exporter = new CountingSpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(exporter)] });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
  return {
    provider,
    exporter,
    /** Exports what the batch processor holds and returns how many spans reached the exporter. */
    async finish() {
      await provider.forceFlush();
      return { recorded: exporter.count };
    },
  };
}
