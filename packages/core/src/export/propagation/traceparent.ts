import { isOtelSpanId, isOtelTraceId } from "../../entities/ids.js";

/** The W3C trace-context header carrying trace ID, parent span ID and the sampled flag. */
export const TRACEPARENT_HEADER = "traceparent";

/** What a `traceparent` header says: usable as `parent` in `startSpan` / `withSpan` to continue the trace. */
export interface RemoteParent {
  /** 32 lowercase hex characters (the MLflow trace ID is `tr-` + this). */
  traceId: string;
  /** 16 lowercase hex characters: the caller's span, parent of the spans this service records. */
  spanId: string;
  /** The caller's sampled flag. */
  sampled: boolean;
}

/** `00-<trace-id>-<span-id>-<flags>` for a span. */
export function formatTraceparent(traceId: string, spanId: string, sampled: boolean): string {
  return `00-${traceId}-${spanId}-${sampled ? "01" : "00"}`;
}

/**
 * Parses a `traceparent` value per W3C Trace Context: lowercase hex, version `ff` refused, version `00` with
 * exactly four fields, all-zero IDs refused; a later version may append fields. Undefined when invalid.
 */
export function parseTraceparent(value: string | undefined): RemoteParent | undefined {
  if (typeof value !== "string") return undefined;
  const parts = value.trim().split("-");
  if (parts.length < 4) return undefined;
  const [version, traceId, spanId, flags] = parts;
  if (!/^[0-9a-f]{2}$/.test(version) || version === "ff") return undefined;
  if (version === "00" && parts.length !== 4) return undefined;
  if (!isOtelTraceId(traceId) || !isOtelSpanId(spanId) || !/^[0-9a-f]{2}$/.test(flags)) return undefined;
  return { traceId, spanId, sampled: (parseInt(flags, 16) & 1) === 1 };
}
