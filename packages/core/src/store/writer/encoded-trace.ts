import type { SpanJSON } from "../../entities/span.js";
import type { TraceJSON } from "../../entities/trace.js";
import type { TraceInfoJSON } from "../../entities/trace-info.js";
import type { TraceField } from "../filter/ast.js";
import { traceTerms } from "../sqlite/terms.js";
import { traceFields } from "../trace-facts.js";

/**
 * A trace as the SQLite store writes it: JSON texts made once (on the thread that finished the trace), the
 * searchable columns and the indexed terms, all strings and numbers — so handing it to the writer thread is a cheap
 * copy and the writer stringifies nothing (it only compresses the texts and inserts rows).
 */
export interface EncodedTrace {
  traceId: string;
  experimentId: string;
  fields: Record<TraceField, string | number | null>;
  /** `(field name, value)` pairs of the terms index (tags, metadata, span name/type/status). */
  terms: [string, string][];
  infoJson: string;
  /** Each span's JSON text, in the trace's span order. */
  spanJsons: string[];
}

/** Encodes a trace; `spanTexts` are its spans' JSON texts when already made (in span order). */
export function encodeTrace(trace: TraceJSON, spanTexts?: readonly string[]): EncodedTrace {
  const info = trace.info;
  return {
    traceId: info.trace_id,
    experimentId: info.trace_location.mlflow_experiment.experiment_id,
    fields: traceFields(trace),
    terms: traceTerms(trace),
    infoJson: JSON.stringify(info),
    spanJsons: spanTexts ? [...spanTexts] : trace.data.spans.map((s) => JSON.stringify(s)),
  };
}

/** The trace an {@link EncodedTrace} holds (for merging with a stored part, and for stores that keep objects). */
export function decodeTrace(encoded: EncodedTrace): TraceJSON {
  return {
    info: JSON.parse(encoded.infoJson) as TraceInfoJSON,
    data: { spans: encoded.spanJsons.map((s) => JSON.parse(s) as SpanJSON) },
  };
}

/** The JSON text of a trace's span list, from its spans' texts (what JSON.stringify of the array gives). */
export function spanListJson(encoded: EncodedTrace): string {
  return `[${encoded.spanJsons.join(",")}]`;
}
