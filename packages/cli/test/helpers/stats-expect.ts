import { openTraceStore, type Span, type Trace, type TraceStore } from "@traceloom/core";
import { spanCost } from "../../src/pricing/cost.js";
import { PriceTable } from "../../src/pricing/price-table.js";
import { modelOfSpan } from "../../src/pricing/span-model.js";

/** Figures of one group, computed here from whole traces, independently of the store's aggregates. */
export interface ExpectedGroup {
  count: number;
  errorCount: number;
  latencies: number[];
  totalTokens: number;
  /** USD of the model spans' own usage at the default prices. */
  usd: number;
}

const MODEL_TYPES = new Set(["CHAT_MODEL", "LLM", "EMBEDDING"]);
const prices = new PriceTable();

/** Nearest-rank percentile: the value at rank ⌈p·n/100⌉ of the sorted values. */
export function nearestRank(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil((p * sorted.length) / 100)) - 1];
}

/** A span's duration as the store keeps it: whole microseconds, in ms. */
export function spanLatencyMs(span: Span): number {
  return Math.round((Number(span.endTimeNs) - Number(span.startTimeNs)) / 1000) / 1000;
}

/** The model a span called, for the span types stats group by model. */
export function modelOf(span: Span): string | undefined {
  return MODEL_TYPES.has(span.spanType) ? modelOfSpan(span) : undefined;
}

function modelSpansCost(spans: Span[]): number {
  return spans.filter((s) => modelOf(s) !== undefined).reduce((sum, s) => sum + (spanCost(s, prices) ?? 0), 0);
}

/** Every trace of a store, with spans. */
export function allTraces(store: TraceStore, experimentIds?: string[]): Trace[] {
  return store.searchTraces({ experimentIds, maxResults: 10_000 }).traces;
}

/** Every trace of the store file at `path`, with spans (opened read-only and closed again). */
export function tracesAt(path: string): Trace[] {
  const store = openTraceStore(path, { readonly: true });
  try {
    return allTraces(store);
  } finally {
    store.close();
  }
}

function add(groups: Map<string | null, ExpectedGroup>, key: string | null, item: Omit<ExpectedGroup, "latencies" | "count"> & { latency: number | undefined }): void {
  const g = groups.get(key) ?? { count: 0, errorCount: 0, latencies: [], totalTokens: 0, usd: 0 };
  g.count++;
  g.errorCount += item.errorCount;
  if (item.latency !== undefined) g.latencies.push(item.latency);
  g.totalTokens += item.totalTokens;
  g.usd += item.usd;
  groups.set(key, g);
}

/** Groups of traces by a trace-level key (name, status, a tag or metadata value; null when absent). */
export function expectedTraceGroups(traces: Trace[], keyOf: (t: Trace) => string | null | undefined): Map<string | null, ExpectedGroup> {
  const groups = new Map<string | null, ExpectedGroup>();
  for (const t of traces) {
    add(groups, keyOf(t) ?? null, {
      errorCount: t.info.state === "ERROR" ? 1 : 0,
      latency: t.info.executionTimeMs,
      totalTokens: t.tokenUsage?.total_tokens ?? 0,
      usd: modelSpansCost(t.spans),
    });
  }
  return groups;
}

/** Groups of the traces' spans by a span-level key (model, type, name); spans with an undefined key are left out. */
export function expectedSpanGroups(traces: Trace[], keyOf: (s: Span) => string | undefined): Map<string | null, ExpectedGroup> {
  const groups = new Map<string | null, ExpectedGroup>();
  for (const s of traces.flatMap((t) => t.spans)) {
    const key = keyOf(s);
    if (key === undefined) continue;
    add(groups, key, {
      errorCount: s.status.code === "STATUS_CODE_ERROR" ? 1 : 0,
      latency: s.endTimeNs === null ? undefined : spanLatencyMs(s),
      totalTokens: s.tokenUsage?.total_tokens ?? 0,
      usd: modelOf(s) === undefined ? 0 : (spanCost(s, prices) ?? 0),
    });
  }
  return groups;
}
