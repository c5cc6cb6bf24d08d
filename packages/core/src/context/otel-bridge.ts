import { context, trace, TraceFlags, type SpanContext } from "@opentelemetry/api";
import type { LiveSpan } from "../tracer/live-span.js";

// Where @opentelemetry/api (major 1) registers its globals; `context` is present once an OTel SDK has installed a
// context manager. Without one, every OTel context operation is a no-op we can skip on the hot path.
const OTEL_GLOBAL = Symbol.for("opentelemetry.js.api.1");

function otelContextManagerRegistered(): boolean {
  const api = (globalThis as unknown as Record<symbol, { context?: unknown } | undefined>)[OTEL_GLOBAL];
  return api?.context !== undefined;
}

/** The active OpenTelemetry span context, when an OTel SDK is running and a valid span is active. */
export function activeOtelSpanContext(): SpanContext | undefined {
  if (!otelContextManagerRegistered()) return undefined;
  const sc = trace.getSpanContext(context.active());
  return sc && trace.isSpanContextValid(sc) ? sc : undefined;
}

/** Runs `fn` with `span` as OpenTelemetry's active span (directly, when no OTel context manager is registered). */
export function runInOtelContext<T>(span: LiveSpan, fn: () => T): T {
  if (!otelContextManagerRegistered()) return fn();
  const sc: SpanContext = {
    traceId: span.otelTraceId,
    spanId: span.spanId,
    traceFlags: span.isRecording ? TraceFlags.SAMPLED : TraceFlags.NONE,
    isRemote: false,
  };
  return context.with(trace.setSpanContext(context.active(), sc), fn);
}
