import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FilterSyntaxError, MemoryTraceStore, SqliteTraceStore, StatsOptionError, type StatsGroup, type TraceStats, type TraceStore } from "../src/index.js";
import { specTrace, STATS_CORPUS, T0 } from "./fixtures/store/stats-corpus.js";

const dir = mkdtempSync(join(tmpdir(), "traceloom-stats-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const MIN = 60_000;

/** A group's expected values; latency as [p50, p90, p99, mean, max]. */
function g(
  key: string | null,
  count: number,
  errorCount: number,
  latency: [number, number, number, number, number] | null,
  tokens: [number, number],
  tokensByModel: [string, number, number][] = [],
): StatsGroup {
  return {
    key,
    count,
    errorCount,
    latencyMs: latency && { p50: latency[0], p90: latency[1], p99: latency[2], mean: latency[3], max: latency[4] },
    inputTokens: tokens[0],
    outputTokens: tokens[1],
    totalTokens: tokens[0] + tokens[1],
    tokensByModel: tokensByModel.map(([model, inputTokens, outputTokens]) => ({ model, inputTokens, outputTokens })),
  };
}

const ALL_MODELS: [string, number, number][] = [["claude-sonnet", 55, 15], ["gpt-4o", 80, 40], ["text-embed", 15, 5]];
/** Every trace (execution times 100, 200, 300, 400, 1000 and one missing; trace 3 failed). */
const TRACE_TOTAL = g(null, 6, 1, [300, 1000, 1000, 400, 1000], [150, 60], ALL_MODELS);

/**
 * The stats with each bucket's `tokensByModel` left out: the SQLite store does not fill it yet (the memory store's
 * values are checked on their own below).
 */
function withoutBucketModels(stats: TraceStats): TraceStats {
  const strip = (g: StatsGroup): StatsGroup => ({ ...g, ...(g.series ? { series: g.series.map(({ tokensByModel: _, ...b }) => b) } : {}) });
  return { ...stats, total: strip(stats.total), groups: stats.groups.map(strip) };
}

const STORES: [string, () => TraceStore][] = [
  ["memory", () => new MemoryTraceStore()],
  ["sqlite", () => new SqliteTraceStore(join(dir, `stats-${Math.random()}.db`))],
];

describe.each(STORES)("%s store traceStats", (_kind, makeStore) => {
  let store: TraceStore;
  beforeAll(() => {
    store = makeStore();
    store.writeTraces(STATS_CORPUS.slice(0, 3).map(specTrace));
    store.writeTraces(STATS_CORPUS.slice(3).map(specTrace));
  });
  afterAll(() => store.close());

  it("totals every trace without grouping: count, errors, nearest-rank percentiles, tokens by model", () => {
    expect(store.traceStats()).toEqual({ total: TRACE_TOTAL, groups: [] });
    expect(store.traceStats({ groupBy: "none" })).toEqual({ total: TRACE_TOTAL, groups: [] });
  });

  it("groups traces by a tag, traces without it under null, largest group first", () => {
    expect(store.traceStats({ groupBy: "tags.framework" })).toEqual({
      total: TRACE_TOTAL,
      groups: [
        g("langchain", 3, 0, [100, 200, 200, 150, 200], [30, 15], [["gpt-4o", 30, 15]]),
        g("llamaindex", 2, 1, [300, 400, 400, 350, 400], [70, 20], [["claude-sonnet", 55, 15], ["text-embed", 15, 5]]),
        g(null, 1, 0, [1000, 1000, 1000, 1000, 1000], [50, 25], [["gpt-4o", 50, 25]]),
      ],
    });
  });

  it("groups by metadata, trace name and status (ties by key, null last)", () => {
    expect(store.traceStats({ groupBy: "metadata.chunk" }).groups.map((x) => [x.key, x.count, x.errorCount])).toEqual([
      ["256", 2, 1],
      ["512", 2, 0],
      [null, 2, 0],
    ]);
    expect(store.traceStats({ groupBy: "trace.name" }).groups.map((x) => [x.key, x.count, x.latencyMs?.max ?? null])).toEqual([
      ["chat", 3, 1000],
      ["rag", 2, 400],
      ["tool", 1, null],
    ]);
    expect(store.traceStats({ groupBy: "status" }).groups.map((x) => [x.key, x.count, x.errorCount])).toEqual([
      ["OK", 5, 0],
      ["ERROR", 1, 1],
    ]);
  });

  it("groups model spans by model: span durations and the spans' own tokens", () => {
    expect(store.traceStats({ groupBy: "model" })).toEqual({
      total: g(null, 6, 0, [120, 900, 900, 1_510_000 / 6 / 1000, 900], [150, 60], ALL_MODELS),
      groups: [
        g("gpt-4o", 3, 0, [150, 900, 900, 1_130_000 / 3 / 1000, 900], [80, 40], [["gpt-4o", 80, 40]]),
        g("claude-sonnet", 2, 0, [120, 250, 250, 185, 250], [55, 15], [["claude-sonnet", 55, 15]]),
        g("text-embed", 1, 0, [10, 10, 10, 10, 10], [15, 5], [["text-embed", 15, 5]]),
      ],
    });
  });

  it("groups every span by type and by name, with span errors", () => {
    const byType = store.traceStats({ groupBy: "span.type" });
    expect(byType.total.count).toBe(14);
    expect(byType.total.errorCount).toBe(2);
    expect(byType.groups.map((x) => [x.key, x.count, x.errorCount])).toEqual([
      ["CHAIN", 5, 1],
      ["CHAT_MODEL", 3, 0],
      ["LLM", 2, 0],
      ["RETRIEVER", 2, 1],
      ["EMBEDDING", 1, 0],
      ["TOOL", 1, 0],
    ]);
    expect(byType.groups[0]).toEqual(g("CHAIN", 5, 1, [300, 1000, 1000, 400, 1000], [0, 0]));
    expect(byType.groups[3]).toEqual(g("RETRIEVER", 2, 1, [50, 60, 60, 55, 60], [0, 0]));
    const byName = store.traceStats({ groupBy: "span.name", maxGroups: 2 });
    expect(byName.groups.map((x) => [x.key, x.count])).toEqual([
      ["llm", 5],
      ["chat", 3],
    ]);
    expect(byName.truncatedGroups).toBe(4);
    expect(byName.total.count).toBe(14);
  });

  it("counts only the traces of the filter and the time range [start, end)", () => {
    const stats = store.traceStats({ filter: "tags.framework = 'langchain'", startTimeMs: T0 + 5_000, endTimeMs: T0 + 2 * MIN + 5_000, groupBy: "trace.name" });
    expect(stats.total).toEqual(g(null, 1, 0, [200, 200, 200, 200, 200], [20, 10], [["gpt-4o", 20, 10]]));
    expect(store.traceStats({ startTimeMs: T0 + 2 * MIN + 5_000 }).total.count).toBe(1);
    expect(store.traceStats({ filter: "span.type = 'RETRIEVER'", groupBy: "model" }).groups.map((x) => [x.key, x.count])).toEqual([
      ["claude-sonnet", 2],
      ["text-embed", 1],
    ]);
    expect(store.traceStats({ experimentIds: ["7"] }).total).toEqual(g(null, 0, 0, null, [0, 0]));
  });

  it("gives a series of epoch-aligned buckets per group when bucketMs is set", () => {
    const stats = withoutBucketModels(store.traceStats({ groupBy: "status", bucketMs: MIN }));
    expect(stats.total.series).toEqual([
      { startMs: T0, count: 2, errorCount: 0, p50Ms: 100, totalTokens: 45 },
      { startMs: T0 + MIN, count: 2, errorCount: 1, p50Ms: 300, totalTokens: 90 },
      { startMs: T0 + 2 * MIN, count: 2, errorCount: 0, p50Ms: 1000, totalTokens: 75 },
    ]);
    expect(stats.groups.map((x) => [x.key, x.series])).toEqual([
      [
        "OK",
        [
          { startMs: T0, count: 2, errorCount: 0, p50Ms: 100, totalTokens: 45 },
          { startMs: T0 + MIN, count: 1, errorCount: 0, p50Ms: 400, totalTokens: 60 },
          { startMs: T0 + 2 * MIN, count: 2, errorCount: 0, p50Ms: 1000, totalTokens: 75 },
        ],
      ],
      ["ERROR", [{ startMs: T0 + MIN, count: 1, errorCount: 1, p50Ms: 300, totalTokens: 30 }]],
    ]);
    expect(withoutBucketModels(store.traceStats({ groupBy: "model", bucketMs: 2 * MIN })).groups[0].series).toEqual([
      { startMs: T0, count: 2, errorCount: 0, p50Ms: 80, totalTokens: 45 },
      { startMs: T0 + 2 * MIN, count: 1, errorCount: 0, p50Ms: 900, totalTokens: 75 },
    ]);
  });

  it("rejects a bad groupBy, bucket or filter with a clear error", () => {
    expect(() => store.traceStats({ groupBy: "colour" })).toThrow(StatsOptionError);
    expect(() => store.traceStats({ groupBy: "colour" })).toThrow(/tags\.<key>/);
    expect(() => store.traceStats({ bucketMs: 0 })).toThrow(StatsOptionError);
    expect(() => store.traceStats({ maxGroups: 0 })).toThrow(StatsOptionError);
    expect(() => store.traceStats({ filter: "status = " })).toThrow(FilterSyntaxError);
  });
});

describe("memory store bucket tokens by model", () => {
  it("gives each bucket the tokens of its model spans by model, sorted by model, for cost over time", () => {
    const store = new MemoryTraceStore();
    store.writeTraces(STATS_CORPUS.map(specTrace));
    const tokens = (model: string, inputTokens: number, outputTokens: number) => ({ model, inputTokens, outputTokens });
    expect(store.traceStats({ bucketMs: MIN }).total.series?.map((b) => [b.startMs, b.tokensByModel])).toEqual([
      [T0, [tokens("gpt-4o", 30, 15)]],
      [T0 + MIN, [tokens("claude-sonnet", 55, 15), tokens("text-embed", 15, 5)]],
      [T0 + 2 * MIN, [tokens("gpt-4o", 50, 25)]],
    ]);
    const byModel = store.traceStats({ groupBy: "model", bucketMs: 2 * MIN }).groups;
    expect(byModel.map((g) => [g.key, g.series?.map((b) => b.tokensByModel)])).toEqual([
      ["gpt-4o", [[tokens("gpt-4o", 30, 15)], [tokens("gpt-4o", 50, 25)]]],
      ["claude-sonnet", [[tokens("claude-sonnet", 55, 15)]]],
      ["text-embed", [[tokens("text-embed", 15, 5)]]],
    ]);
    store.close();
  });
});
