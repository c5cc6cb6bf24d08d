import { context, trace, TraceFlags, type SpanContext } from "@opentelemetry/api";
import type { LiveSpan } from "../tracer/live-span.js";

/** The active OpenTelemetry span context, when an OTel SDK is running and a valid span is active. */
export function activeOtelSpanContext(): SpanContext | undefined {
  const sc = trace.getSpanContext(context.active());
  return sc && trace.isSpanContextValid(sc) ? sc : undefined;
}

/** Runs `fn` with `span` as OpenTelemetry's active span (a no-op when no OTel context manager is registered). */
export function runInOtelContext<T>(span: LiveSpan, fn: () => T): T {
  const sc: SpanContext = {
    traceId: span.otelTraceId,
    spanId: span.spanId,
    traceFlags: span.isRecording ? TraceFlags.SAMPLED : TraceFlags.NONE,
    isRemote: false,
  };
  return context.with(trace.setSpanContext(context.active(), sc), fn);
}
