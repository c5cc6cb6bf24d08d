import type { TokenUsage, Trace, TraceState } from "@traceloom/core";
import { traceCost, type CostEstimate } from "./pricing/cost.js";
import type { PriceTable } from "./pricing/price-table.js";

/** One row of a trace list, as the CLI table and the viewer's API show it. */
export interface TraceSummary {
  traceId: string;
  experimentId: string;
  name: string;
  state: TraceState;
  /** RFC 3339 request time. */
  requestTime: string;
  timestampMs: number;
  executionTimeMs: number | null;
  tokens: TokenUsage | null;
  cost: CostEstimate | null;
  requestPreview: string;
  responsePreview: string;
  spanCount: number;
  tags: Record<string, string>;
}

/** Summarises a trace; the cost needs its spans, so pass traces loaded with spans. */
export function summarizeTrace(trace: Trace, prices: PriceTable): TraceSummary {
  const info = trace.info;
  return {
    traceId: info.traceId,
    experimentId: info.experimentId,
    name: info.name ?? trace.rootSpan?.name ?? "(unnamed)",
    state: info.state,
    requestTime: info.json.request_time,
    timestampMs: info.timestampMs,
    executionTimeMs: info.executionTimeMs ?? null,
    tokens: trace.tokenUsage ?? null,
    cost: traceCost(trace, prices) ?? null,
    requestPreview: info.requestPreview ?? "",
    responsePreview: info.responsePreview ?? "",
    spanCount: trace.spans.length,
    tags: info.tags,
  };
}
