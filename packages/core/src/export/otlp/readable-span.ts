import { SpanKind, SpanStatusCode as OtelStatusCode, TraceFlags, type Attributes, type HrTime, type SpanContext } from "@opentelemetry/api";
import type { InstrumentationScope } from "@opentelemetry/core";
import type { Resource } from "@opentelemetry/resources";
import type { ReadableSpan, TimedEvent } from "@opentelemetry/sdk-trace";
import { base64ToHex, isOtelSpanId } from "../../entities/ids.js";
import type { SpanJSON } from "../../entities/span.js";
import { SpanStatusCode } from "../../entities/span-status.js";
import type { TraceJSON } from "../../entities/trace.js";

/** Span attribute naming the OpenTelemetry parent of a root span that joined an active OTel span. */
export const OTEL_PARENT_ATTRIBUTE = "traceloom.otel.parentSpanId";

/** Nanoseconds since the epoch → OpenTelemetry's `[seconds, nanoseconds]`. */
export function nsToHrTime(ns: number): HrTime {
  const seconds = Math.floor(ns / 1e9);
  const nanos = Math.min(999_999_999, Math.max(0, Math.round(ns - seconds * 1e9)));
  return [seconds, nanos];
}

function statusOf(span: SpanJSON): { code: OtelStatusCode; message?: string } {
  switch (span.status.code) {
    case SpanStatusCode.OK:
      return { code: OtelStatusCode.OK };
    case SpanStatusCode.ERROR:
      return { code: OtelStatusCode.ERROR, message: span.status.message };
    default:
      return { code: OtelStatusCode.UNSET };
  }
}

function parentOf(span: SpanJSON, traceId: string, inTrace: Set<string>, otelParents: boolean): SpanContext | undefined {
  let parentHex: string | undefined;
  if (span.parent_span_id !== null) parentHex = base64ToHex(span.parent_span_id);
  else if (otelParents) {
    const otelParent = span.attributes[OTEL_PARENT_ATTRIBUTE];
    if (otelParent) parentHex = otelParent.replace(/"/g, "");
  }
  if (!parentHex || !isOtelSpanId(parentHex)) return undefined;
  return { traceId, spanId: parentHex, traceFlags: TraceFlags.SAMPLED, isRemote: !inTrace.has(parentHex) };
}

/** A span attribute as stored (a JSON-encoded string) → its value (a string that is not JSON stays as it is). */
function decodeAttribute(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** How {@link toReadableSpans} shapes what it sends. */
export interface ReadableSpanOptions {
  /**
   * Send each span attribute as its value (an OTLP AnyValue: string, number, bool, array, key-value list) rather
   * than the JSON-encoded string it is stored as. MLflow's `/v1/traces` wants this: it JSON-encodes them itself.
   */
  nativeValues?: boolean;
  /** Give a root span the OpenTelemetry parent it joined (default true); MLflow wants the root without a parent. */
  otelParents?: boolean;
}

/**
 * Maps one trace's spans to OpenTelemetry ReadableSpans for OTLP. By default span attributes keep MLflow's keys
 * and stored values (each value the JSON-encoded string MLflow writes, as MLflow's SDK sets them on OTel spans);
 * with `nativeValues` they go out decoded, as MLflow's own client sends them to an MLflow server. Event
 * attributes stay raw, as in MLflow.
 */
export function toReadableSpans(trace: TraceJSON, resource: Resource, scope: InstrumentationScope, options: ReadableSpanOptions = {}): ReadableSpan[] {
  const native = options.nativeValues === true;
  const otelParents = options.otelParents !== false;
  const spans = trace.data.spans;
  const inTrace = new Set(spans.map((s) => base64ToHex(s.span_id)));
  return spans.map((span) => {
    const traceId = base64ToHex(span.trace_id);
    const spanId = base64ToHex(span.span_id);
    const start = span.start_time_unix_nano;
    const end = span.end_time_unix_nano ?? start;
    const context: SpanContext = { traceId, spanId, traceFlags: TraceFlags.SAMPLED };
    const events: TimedEvent[] = span.events.map((e) => ({
      name: e.name,
      time: nsToHrTime(e.time_unix_nano),
      attributes: e.attributes as Attributes,
    }));
    return {
      name: span.name,
      kind: SpanKind.INTERNAL,
      spanContext: () => context,
      parentSpanContext: parentOf(span, traceId, inTrace, otelParents),
      startTime: nsToHrTime(start),
      endTime: nsToHrTime(end),
      duration: nsToHrTime(end - start),
      status: statusOf(span),
      attributes: native ? nativeAttributes(span.attributes) : { ...span.attributes },
      links: [],
      events,
      ended: true,
      resource,
      instrumentationScope: scope,
      droppedAttributesCount: 0,
      droppedEventsCount: 0,
      droppedLinksCount: 0,
    };
  });
}

function nativeAttributes(stored: Record<string, string>): Attributes {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(stored)) out[key] = decodeAttribute(stored[key]);
  // OTel's Attributes type admits only primitives and their arrays; the OTLP encoder also writes objects (kvlist).
  return out as Attributes;
}
