import type { TraceJSON } from "../entities/trace.js";
import { TraceMetadataKey } from "../entities/trace-info.js";
import { sumTraceTokenUsage } from "../tracer/token-usage-sum.js";

/** Metadata marking a trace written from part of a trace (e.g. spans ended in a worker thread). */
export const FRAGMENT_METADATA_KEY = "traceloom.fragment";

/**
 * Combines two records of the same trace ID: spans are united (the later record wins for a span present in
 * both), the info of the record holding the root wins over a fragment's, tags and metadata are merged and the
 * trace-level token usage is summed again over all spans.
 */
export function mergeTraces(existing: TraceJSON, incoming: TraceJSON): TraceJSON {
  const spans = new Map(existing.data.spans.map((s) => [s.span_id, s]));
  for (const s of incoming.data.spans) spans.set(s.span_id, s);
  const allSpans = [...spans.values()].sort((a, b) => a.start_time_unix_nano - b.start_time_unix_nano);

  const existingIsFragment = existing.info.trace_metadata[FRAGMENT_METADATA_KEY] === "true";
  const incomingIsFragment = incoming.info.trace_metadata[FRAGMENT_METADATA_KEY] === "true";
  const [base, other] = existingIsFragment && !incomingIsFragment ? [incoming, existing] : [existing, incoming];

  const metadata = { ...other.info.trace_metadata, ...base.info.trace_metadata };
  if (!existingIsFragment || !incomingIsFragment) delete metadata[FRAGMENT_METADATA_KEY];
  const usage = sumTraceTokenUsage(allSpans);
  if (usage) metadata[TraceMetadataKey.TOKEN_USAGE] = JSON.stringify(usage);

  return {
    info: { ...base.info, trace_metadata: metadata, tags: { ...other.info.tags, ...base.info.tags } },
    data: { spans: allSpans },
  };
}
