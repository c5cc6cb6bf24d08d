import { traceFromParts, type SpanParts, type TraceParts } from "../../tracer/trace-parts.js";
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
 * A head whose spans list their attribute keys only: the values follow it as pieces of their own, in span and key
 * order. The marker element tells it from a whole {@link TraceParts} (6 elements) and from an {@link EncodedTrace}
 * (an object).
 */
type SplitHead = [...TraceParts, typeof SPLIT];
const SPLIT = 1;

/**
 * Appends a trace to `out` as the texts that cross to the writer thread (through shared memory or a spill file);
 * returns how many. The tracer's attribute values are JSON text already: they go as they are, after a small JSON
 * head with everything else, instead of being escaped again inside one JSON text of the whole trace (that second
 * escape, and its undoing on the writer thread, was the hand-off's largest cost on the caller's thread: profiled).
 * A value that is not well-formed UTF-16 (a lone surrogate) could not cross as UTF-8 unchanged, so such a trace goes
 * as one JSON text, which escapes it.
 */
export function addPieces(trace: StoreTrace, out: string[]): number {
  if (!Array.isArray(trace)) {
    out.push(JSON.stringify(trace));
    return 1;
  }
  const start = out.length;
  out.push("");
  const spans: SpanParts[] = [];
  for (const span of trace[5]) {
    const flat = span[7];
    const keys: string[] = [];
    for (let i = 0; i < flat.length; i += 2) {
      if (!wellFormed(flat[i + 1])) {
        out.length = start;
        out.push(JSON.stringify(trace));
        return 1;
      }
      keys.push(flat[i]);
      out.push(flat[i + 1]);
    }
    spans.push([span[0], span[1], span[2], span[3], span[4], span[5], span[6], keys]);
  }
  const head: SplitHead = [trace[0], trace[1], trace[2], trace[3], trace[4], spans, SPLIT];
  out[start] = JSON.stringify(head);
  return out.length - start;
}

/** `String.prototype.isWellFormed` (ES2024; every Node this package supports has it, the TypeScript lib here not). */
function wellFormed(text: string): boolean {
  return (text as unknown as { isWellFormed(): boolean }).isWellFormed();
}

/** The traces {@link addPieces} wrote, from their texts; `counts` says how many texts each trace took. */
export function tracesFromPieces(pieces: readonly string[], counts: readonly number[]): StoreTrace[] {
  const traces: StoreTrace[] = [];
  let at = 0;
  for (const count of counts) {
    const head = JSON.parse(pieces[at]) as StoreTrace | SplitHead;
    let value = at + 1;
    at += count;
    if (!Array.isArray(head) || head.length !== 7) {
      traces.push(head as StoreTrace);
      continue;
    }
    for (const span of head[5]) {
      const keys = span[7];
      const flat: string[] = [];
      for (const key of keys) flat.push(key, pieces[value++]);
      span[7] = flat;
    }
    traces.push([head[0], head[1], head[2], head[3], head[4], head[5]]);
  }
  return traces;
}
