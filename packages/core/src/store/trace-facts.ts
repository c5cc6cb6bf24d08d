import { SpanAttributeKey } from "../entities/span.js";
import type { TraceJSON } from "../entities/trace.js";
import { TraceMetadataKey, TraceTagKey } from "../entities/trace-info.js";
import type { TraceField } from "./filter/ast.js";

/** The searchable columns of a trace, derived once when it is written. */
export function traceFields(trace: TraceJSON): Record<TraceField, string | number | null> {
  const info = trace.info;
  let usage: { input_tokens?: number; output_tokens?: number; total_tokens?: number } = {};
  const rawUsage = info.trace_metadata[TraceMetadataKey.TOKEN_USAGE];
  if (rawUsage) {
    try {
      usage = JSON.parse(rawUsage);
    } catch {
      usage = {};
    }
  }
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

/** Name, type and status of each span, for `span.*` filters. */
export function spanFacts(trace: TraceJSON): { name: string; type: string; status: string }[] {
  return trace.data.spans.map((s) => {
    let type = "UNKNOWN";
    const raw = s.attributes[SpanAttributeKey.SPAN_TYPE];
    if (raw) {
      try {
        type = String(JSON.parse(raw));
      } catch {
        type = raw;
      }
    }
    return { name: s.name, type, status: s.status.code.replace("STATUS_CODE_", "") };
  });
}
