import type { TraceJSON } from "../entities/trace.js";
import { TraceMetadataKey } from "../entities/trace-info.js";
import { unitedAssessments } from "./assessment-edits.js";
import { sumTraceTokenUsage } from "../tracer/token-usage-sum.js";

/**
 * Metadata of a trace record whose root continues a parent recorded elsewhere (another service via `traceparent`, a
 * worker thread, an OpenTelemetry parent): the parent's span ID. Records of one trace ID are merged by the store.
 */
export const REMOTE_PARENT_METADATA_KEY = "traceloom.remoteParentSpanId";

/**
 * Combines two records of the same trace ID: spans are united (the later record wins for a span present in
 * both), the info of the record holding the true root wins over one that continues a remote parent, tags,
 * metadata and assessments are merged and the trace-level token usage is summed again over all spans.
 */
export function mergeTraces(existing: TraceJSON, incoming: TraceJSON): TraceJSON {
  const spans = new Map(existing.data.spans.map((s) => [s.span_id, s]));
  for (const s of incoming.data.spans) spans.set(s.span_id, s);
  const allSpans = [...spans.values()].sort((a, b) => a.start_time_unix_nano - b.start_time_unix_nano);

  // The record holding the true root (no remote parent) describes the trace; between equals, the first one stays.
  const continues = (t: TraceJSON) => REMOTE_PARENT_METADATA_KEY in t.info.trace_metadata;
  const [base, other] = continues(existing) && !continues(incoming) ? [incoming, existing] : [existing, incoming];

  const metadata = { ...other.info.trace_metadata, ...base.info.trace_metadata };
  if (!continues(base)) delete metadata[REMOTE_PARENT_METADATA_KEY];
  const usage = sumTraceTokenUsage(allSpans);
  if (usage) metadata[TraceMetadataKey.TOKEN_USAGE] = JSON.stringify(usage);

  const info = { ...base.info, trace_metadata: metadata, tags: { ...other.info.tags, ...base.info.tags } };
  const assessments = unitedAssessments(base.info, other.info);
  if (assessments) info.assessments = assessments;
  return {
    info,
    data: { spans: allSpans },
  };
}
