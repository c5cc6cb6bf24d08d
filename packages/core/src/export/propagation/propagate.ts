import { withSpan } from "../../api/with-span.js";
import { activeSpan } from "../../context/active.js";
import { logOnce } from "../../log.js";
import type { LiveSpan } from "../../tracer/live-span.js";
import type { SpanOptions } from "../../tracer/tracer.js";
import { readHeader, writeHeader, type HeaderCarrier } from "./headers.js";
import { formatTraceparent, parseTraceparent, TRACEPARENT_HEADER, type RemoteParent } from "./traceparent.js";

/**
 * Adds a `traceparent` header for `span` (default: the active span) to outgoing request headers, so the service
 * called continues this trace. Returns the same headers object; unchanged when no span is active. Never throws.
 *
 * @example
 * ```ts
 * await fetch(url, { headers: injectTraceparent({ "content-type": "application/json" }) });
 * ```
 */
export function injectTraceparent<H extends object = Record<string, string>>(headers?: H, span?: LiveSpan): H {
  const target = (headers ?? {}) as H;
  try {
    const s = span ?? activeSpan();
    if (s) writeHeader(target, TRACEPARENT_HEADER, formatTraceparent(s.otelTraceId, s.spanId, s.isRecording));
  } catch (err) {
    logOnce("inject-traceparent", "could not add a traceparent header", err);
  }
  return target;
}

/**
 * Reads the `traceparent` header of an incoming request: `{ traceId, spanId, sampled }`, to pass as `parent` to
 * `startSpan`/`withSpan`, or undefined when absent or invalid. The spans recorded here form this service's part of the
 * caller's trace (same trace ID, rooted at a span parented to the caller's span); stores merge parts by trace ID.
 */
export function extractTraceparent(headers: HeaderCarrier | undefined | null): RemoteParent | undefined {
  try {
    return parseTraceparent(readHeader(headers, TRACEPARENT_HEADER));
  } catch (err) {
    logOnce("extract-traceparent", "could not read a traceparent header", err);
    return undefined;
  }
}

/**
 * Runs a request handler inside a span that continues the caller's trace when the request carries a valid
 * `traceparent`, and starts a new trace otherwise (never nesting under whatever span happens to be active).
 *
 * @example
 * ```ts
 * http.createServer((req, res) => withIncomingRequest(req.headers, "POST /chat", async (span) => { … }));
 * ```
 */
export function withIncomingRequest<T>(
  headers: HeaderCarrier | undefined | null,
  nameOrOptions: string | Omit<SpanOptions, "parent">,
  fn: (span: LiveSpan) => T,
): T {
  const options = typeof nameOrOptions === "string" ? { name: nameOrOptions } : nameOrOptions;
  const remote = extractTraceparent(headers);
  const parent = remote ? { traceId: remote.traceId, spanId: remote.spanId } : null;
  return withSpan({ ...options, parent }, fn);
}
