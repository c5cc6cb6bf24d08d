import { hexToBase64 } from "../entities/ids.js";
import type { SpanJSON } from "../entities/span.js";
import type { SpanEvent } from "../entities/span-event.js";
import type { SpanStatus } from "../entities/span-status.js";
import type { TraceJSON } from "../entities/trace.js";
import { buildTraceInfo, type TraceOverrides } from "./trace-info-builder.js";

/**
 * A finished span as strings, numbers and a few small plain objects: what the local store's writer thread receives
 * instead of the span's JSON. Attribute values are already JSON text; `attrs` alternates key and value (a flat array
 * of strings is the cheapest thing to structured-clone).
 */
export type SpanParts = [
  spanId: string,
  parentId: string | null,
  name: string,
  startNs: number,
  endNs: number | null,
  events: SpanEvent[],
  status: SpanStatus,
  attrs: string[],
];

/**
 * A finished trace as parts ({@link SpanParts}): the writer thread builds its JSON, info and size stats
 * ({@link traceFromParts}), so the thread that finished it only encodes its attribute values.
 */
export type TraceParts = [
  traceId: string,
  traceIdBase64: string,
  experimentId: string,
  /** Index of the root in `spans`, or -1. */
  rootIndex: number,
  /** The trace's overrides, previews filled in when the root's captured values gave them cheaply. */
  overrides: TraceOverrides,
  spans: SpanParts[],
];

/** A span's MLflow JSON from its parts, with its attributes as an object (values already JSON text). */
export function spanJson(traceIdBase64: string, parts: SpanParts, attributes: Record<string, string>): SpanJSON {
  const [spanId, parentId, name, startNs, endNs, events, status] = parts;
  return {
    trace_id: traceIdBase64,
    span_id: hexToBase64(spanId),
    parent_span_id: parentId === null ? null : hexToBase64(parentId),
    name,
    start_time_unix_nano: startNs,
    end_time_unix_nano: endNs,
    events,
    status,
    attributes,
  };
}

/** Orders a trace's spans as MLflow lists them: the root first, then by start time (in place). */
export function rootFirst(spans: SpanJSON[], root: SpanJSON | undefined): void {
  spans.sort((x, y) => (x === root ? -1 : y === root ? 1 : x.start_time_unix_nano - y.start_time_unix_nano));
}

/** The trace {@link TraceParts} describe, and its spans' JSON texts (in the trace's span order). */
export function traceFromParts(parts: TraceParts): { trace: TraceJSON; spanTexts: string[] } {
  const [traceId, traceIdBase64, experimentId, rootIndex, overrides, spanParts] = parts;
  const spans = spanParts.map((p) => {
    const flat = p[7];
    const attributes: Record<string, string> = {};
    for (let i = 0; i < flat.length; i += 2) attributes[flat[i]] = flat[i + 1];
    return spanJson(traceIdBase64, p, attributes);
  });
  const root = rootIndex >= 0 ? spans[rootIndex] : undefined;
  rootFirst(spans, root);
  const spanTexts = spans.map((s) => JSON.stringify(s));
  const info = buildTraceInfo({ traceId, experimentId, root, spans, overrides, spanSizes: () => spanTexts.map((t) => Buffer.byteLength(t)) });
  return { trace: { info, data: { spans } }, spanTexts };
}
