import { SpanAttributeKey, type Span, type SpanEvent, type SpanStatus, type TokenUsage, type Trace } from "@traceloom/core";
import { spanCost } from "../pricing/cost.js";
import type { PriceTable } from "../pricing/price-table.js";
import { modelOfSpan } from "../pricing/span-model.js";

/** A span as the viewer draws it: decoded values and times relative to the trace start. */
export interface SpanView {
  spanId: string;
  parentId: string | null;
  name: string;
  spanType: string;
  status: SpanStatus;
  /** Milliseconds from the earliest span start. */
  startOffsetMs: number;
  /** Null while the span is unfinished. */
  durationMs: number | null;
  inputs: unknown;
  outputs: unknown;
  /** Decoded attributes other than inputs, outputs and the trace ID. */
  attributes: Record<string, unknown>;
  events: { name: string; offsetMs: number; attributes: SpanEvent["attributes"] }[];
  tokenUsage: TokenUsage | null;
  model: string | null;
  costUsd: number | null;
  /** `mlflow.message.format`, e.g. "openai", when the span holds chat messages. */
  messageFormat: string | null;
}

const SHOWN_ELSEWHERE = new Set<string>([SpanAttributeKey.INPUTS, SpanAttributeKey.OUTPUTS, SpanAttributeKey.REQUEST_ID]);

/** The spans of a trace as {@link SpanView}s, in start order. */
export function spanViews(trace: Trace, prices: PriceTable): SpanView[] {
  const start = earliestStartNs(trace.spans);
  return [...trace.spans].sort((a, b) => a.startTimeNs - b.startTimeNs).map((s) => spanView(s, start, prices));
}

/** The earliest span start (a loop: spreading a huge span list into Math.min overflows the stack). */
function earliestStartNs(spans: readonly Span[]): number {
  let start = Infinity;
  for (const s of spans) start = Math.min(start, s.startTimeNs);
  return start;
}

function spanView(span: Span, traceStartNs: number, prices: PriceTable): SpanView {
  const attributes = Object.fromEntries(Object.entries(span.attributes).filter(([k]) => !SHOWN_ELSEWHERE.has(k)));
  const format = span.attribute(SpanAttributeKey.MESSAGE_FORMAT);
  return {
    spanId: span.spanId,
    parentId: span.parentId,
    name: span.name,
    spanType: span.spanType,
    status: span.status,
    startOffsetMs: (span.startTimeNs - traceStartNs) / 1e6,
    durationMs: span.durationMs,
    inputs: span.inputs ?? null,
    outputs: span.outputs ?? null,
    attributes,
    events: span.events.map((e) => ({ name: e.name, offsetMs: (e.time_unix_nano - traceStartNs) / 1e6, attributes: e.attributes })),
    tokenUsage: span.tokenUsage ?? null,
    model: modelOfSpan(span) ?? null,
    costUsd: spanCost(span, prices) ?? null,
    messageFormat: typeof format === "string" ? format : null,
  };
}
