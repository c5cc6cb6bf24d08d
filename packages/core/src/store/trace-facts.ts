import { SpanAttributeKey, type SpanJSON } from "../entities/span.js";
import type { TraceJSON } from "../entities/trace.js";
import { TraceMetadataKey, TraceTagKey } from "../entities/trace-info.js";
import type { TraceField } from "./filter/ast.js";
import { MODEL_SPAN_TYPES, modelOfSpanJson } from "./span-model.js";
import { SpanValues } from "./span-values.js";

/** The searchable columns of a trace, derived once when it is written. */
export function traceFields(trace: TraceJSON): Record<TraceField, string | number | null> {
  const info = trace.info;
  const usage = usageOf(info.trace_metadata[TraceMetadataKey.TOKEN_USAGE]);
  return {
    status: info.state,
    name: info.tags[TraceTagKey.TRACE_NAME] ?? null,
    timestamp_ms: Date.parse(info.request_time),
    execution_time_ms: info.execution_duration_ms ?? null,
    trace_id: info.trace_id,
    client_request_id: info.client_request_id ?? null,
    request_preview: info.request_preview ?? null,
    response_preview: info.response_preview ?? null,
    input_tokens: usage.input_tokens ?? null,
    output_tokens: usage.output_tokens ?? null,
    total_tokens: usage.total_tokens ?? null,
  };
}

/** What the store keeps of each span, for `span.*` filters and span-level stats. */
export interface SpanFact {
  name: string;
  type: string;
  /** OK, ERROR or UNSET. */
  status: string;
  /** End minus start, whole microseconds; null for a span that never ended. */
  durationUs: number | null;
  /** The model called, for CHAT_MODEL / LLM / EMBEDDING spans that name one; else null. */
  model: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  totalTokens: number | null;
}

/** The facts of each span of a trace, in span order; `values` shares parsed attributes with {@link traceWords}. */
export function spanFacts(trace: TraceJSON, values = new SpanValues()): SpanFact[] {
  return trace.data.spans.map((s) => spanFact(s, values));
}

function spanFact(s: SpanJSON, values: SpanValues): SpanFact {
  let type = "UNKNOWN";
  const raw = s.attributes[SpanAttributeKey.SPAN_TYPE];
  if (raw) {
    try {
      type = String(JSON.parse(raw));
    } catch {
      type = raw;
    }
  }
  const usage = usageOf(s.attributes[SpanAttributeKey.CHAT_USAGE]);
  const input = numberOrNull(usage.input_tokens);
  const output = numberOrNull(usage.output_tokens);
  const total = numberOrNull(usage.total_tokens) ?? (input === null && output === null ? null : (input ?? 0) + (output ?? 0));
  const end = s.end_time_unix_nano;
  return {
    name: s.name,
    type,
    status: s.status.code.replace("STATUS_CODE_", ""),
    durationUs: end === null || end === undefined ? null : Math.round((Number(end) - Number(s.start_time_unix_nano)) / 1000),
    model: MODEL_SPAN_TYPES.has(type) ? (modelOfSpanJson(s, values) ?? null) : null,
    inputTokens: input,
    outputTokens: output,
    totalTokens: total,
  };
}

function numberOrNull(v: unknown): number | null {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

function usageOf(raw: string | undefined): { input_tokens?: number; output_tokens?: number; total_tokens?: number } {
  if (!raw) return {};
  try {
    const u = JSON.parse(raw);
    return u && typeof u === "object" ? u : {};
  } catch {
    return {};
  }
}
