import type { SpanJSON } from "../../entities/span.js";
import type { TraceJSON } from "../../entities/trace.js";
import type { TraceInfoJSON } from "../../entities/trace-info.js";
import type { TraceField } from "../filter/ast.js";
import { traceTerms } from "../sqlite/terms.js";
import { spanFacts, traceFields, type SpanFact } from "../trace-facts.js";
import { traceWords } from "../text-words.js";
import { SpanValues } from "../span-values.js";

/**
 * A trace as the SQLite store writes it: JSON texts made once, the searchable columns, the indexed terms, the span
 * rows and the free-text words, all strings and numbers — built on the writer thread for the tracer's traces, so the
 * writer only compresses the texts and inserts rows.
 */
export interface EncodedTrace {
  traceId: string;
  experimentId: string;
  fields: Record<TraceField, string | number | null>;
  /** `(field name, value)` pairs of the terms index (tags, metadata, span name/type/status). */
  terms: [string, string][];
  /** The `spans` rows (schema 3), in span order. */
  spanFacts: SpanFact[];
  /** The free-text words (text-words.ts) joined by spaces; empty when the trace has none. */
  words: string;
  infoJson: string;
  /** Each span's JSON text, in the trace's span order. */
  spanJsons: string[];
}

/** Encodes a trace; `spanTexts` are its spans' JSON texts when already made (in span order). */
export function encodeTrace(trace: TraceJSON, spanTexts?: readonly string[]): EncodedTrace {
  const info = trace.info;
  const values = new SpanValues();
  const facts = spanFacts(trace, values);
  return {
    traceId: info.trace_id,
    experimentId: info.trace_location.mlflow_experiment.experiment_id,
    fields: traceFields(trace),
    terms: traceTerms(trace, facts),
    spanFacts: facts,
    words: traceWords(trace, values).join(" "),
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
