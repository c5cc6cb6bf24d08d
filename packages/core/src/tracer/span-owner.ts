import type { HeldValue } from "../serialize/capture.js";
import type { LiveSpan } from "./live-span.js";

/** What a live span needs from the trace that owns it. */
export interface SpanOwner {
  /** The JSON-encoded MLflow trace ID, the `mlflow.traceRequestId` value of every span (encoded once per trace). */
  readonly encodedTraceId: string;
  /** The trace ID as base64 of its 16 bytes, the form span JSON uses (computed once per trace). */
  readonly traceIdBase64: string;
  /** Per-field cap in characters. */
  readonly maxFieldChars: number;
  /** Applies redaction and captures an input/output payload. */
  capturePayload(value: unknown, field: "inputs" | "outputs", span: LiveSpan): HeldValue;
  /** Called once when a span ends. */
  onSpanEnd(span: LiveSpan): void;
}
