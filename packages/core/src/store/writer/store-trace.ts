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
 * A head whose spans' attributes hold {@link RAW} instead of each long value: those follow it as texts of their own,
 * in span and key order. The marker element tells it from a whole {@link TraceParts} (6 elements) and from an
 * {@link EncodedTrace} (an object).
 */
type SplitHead = [...TraceParts, typeof SPLIT];
const SPLIT = 1;
/** Stands in a head for a value that follows as a text of its own. */
const RAW = 0;
/**
 * Values shorter than this stay in the head (escaping a short text costs less than a text of its own: each is one
 * more write, and one more length the writer's queue holds until it is stored).
 */
const RAW_FROM_CHARS = 256;

/**
 * Appends a trace to `out` as the texts that cross to the writer thread (through shared memory or a spill file);
 * returns how many. The tracer's attribute values are JSON text already: the long ones (inputs, outputs) go as they
 * are, after a small JSON head with everything else, instead of being escaped again inside one JSON text of the
 * whole trace (that second escape, and its undoing on the writer thread, was the hand-off's largest cost on the
 * caller's thread: profiled). A value that is not well-formed UTF-16 (a lone surrogate) could not cross as UTF-8
 * unchanged, so it stays in the head, whose JSON escapes it.
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
    const flat: (string | typeof RAW)[] = span[7].slice();
    for (let i = 1; i < flat.length; i += 2) {
      const value = flat[i] as string;
      if (value.length < RAW_FROM_CHARS || !wellFormed(value)) continue;
      out.push(value);
      flat[i] = RAW;
    }
    spans.push([span[0], span[1], span[2], span[3], span[4], span[5], span[6], flat as string[]]);
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
export function tracesFromPieces(pieces: readonly string[], counts: ArrayLike<number>): StoreTrace[] {
  const traces: StoreTrace[] = [];
  let at = 0;
  for (let t = 0; t < counts.length; t++) {
    const head = JSON.parse(pieces[at]) as StoreTrace | SplitHead;
    let next = at + 1;
    at += counts[t];
    if (!Array.isArray(head) || head.length !== 7) {
      traces.push(head as StoreTrace);
      continue;
    }
    for (const span of head[5]) {
      const flat = span[7] as (string | typeof RAW)[];
      for (let i = 1; i < flat.length; i += 2) if (flat[i] === RAW) flat[i] = pieces[next++];
    }
    traces.push([head[0], head[1], head[2], head[3], head[4], head[5]]);
  }
  return traces;
}
