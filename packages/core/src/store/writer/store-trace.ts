import { traceFromParts, type TraceParts } from "../../tracer/trace-parts.js";
import { encodeTrace, type EncodedTrace } from "./encoded-trace.js";

/**
 * What the store queue hands to its writer: the tracer's finished traces as {@link TraceParts} (their JSON, info and
 * terms are built on the writer thread), anything else already encoded.
 */
export type StoreTrace = TraceParts | EncodedTrace;

/** The trace as the SQLite store writes it (on the writer thread, or wherever no thread runs). */
export function encodeStoreTrace(t: StoreTrace): EncodedTrace {
  if (!Array.isArray(t)) return t;
  const { trace, spanTexts } = traceFromParts(t);
  return encodeTrace(trace, spanTexts);
}

/**
 * A trace as the text that crosses to the writer thread (through shared memory or a spill file), one per trace: JSON,
 * which for these parts — mostly long ASCII strings — V8 encodes 1.5–2× faster than its structured-clone serializer
 * (measured on the tracer's 3-span agent traces). A batch is its traces' texts joined by commas (shared-ring.ts).
 */
export function traceText(trace: StoreTrace): string {
  return JSON.stringify(trace);
}
