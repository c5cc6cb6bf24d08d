import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FilterSyntaxError, MemoryTraceStore, SqliteTraceStore, StatsOptionError, type StatsBucket, type StatsGroup, type TraceStore } from "../src/index.js";
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

/** A series bucket's expected values; tokens by model as [model, input, output]. */
function bucket(startMs: number, count: number, errorCount: number, p50Ms: number | null, totalTokens: number, models: [string, number, number][]): StatsBucket {
  return { startMs, count, errorCount, p50Ms, totalTokens, tokensByModel: models.map(([model, inputTokens, outputTokens]) => ({ model, inputTokens, outputTokens })) };
}

const ALL_MODELS: [string, number, number][] = [["claude-sonnet", 55, 15], ["gpt-4o", 80, 40], ["text-embed", 15, 5]];
/** Every trace (execution times 100, 200, 300, 400, 1000 and one missing; trace 3 failed). */
const TRACE_TOTAL = g(null, 6, 1, [300, 1000, 1000, 400, 1000], [150, 60], ALL_MODELS);

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

  it("gives a series of epoch-aligned buckets per group when bucketMs is set, each with its tokens by model", () => {
    const stats = store.traceStats({ groupBy: "status", bucketMs: MIN });
    expect(stats.total.series).toEqual([
      bucket(T0, 2, 0, 100, 45, [["gpt-4o", 30, 15]]),
      bucket(T0 + MIN, 2, 1, 300, 90, [["claude-sonnet", 55, 15], ["text-embed", 15, 5]]),
      bucket(T0 + 2 * MIN, 2, 0, 1000, 75, [["gpt-4o", 50, 25]]),
    ]);
    expect(stats.groups.map((x) => [x.key, x.series])).toEqual([
      [
        "OK",
        [
          bucket(T0, 2, 0, 100, 45, [["gpt-4o", 30, 15]]),
          bucket(T0 + MIN, 1, 0, 400, 60, [["claude-sonnet", 25, 15], ["text-embed", 15, 5]]),
          bucket(T0 + 2 * MIN, 2, 0, 1000, 75, [["gpt-4o", 50, 25]]),
        ],
      ],
      ["ERROR", [bucket(T0 + MIN, 1, 1, 300, 30, [["claude-sonnet", 30, 0]])]],
    ]);
    expect(store.traceStats({ groupBy: "model", bucketMs: 2 * MIN }).groups.map((x) => [x.key, x.series])).toEqual([
      ["gpt-4o", [bucket(T0, 2, 0, 80, 45, [["gpt-4o", 30, 15]]), bucket(T0 + 2 * MIN, 1, 0, 900, 75, [["gpt-4o", 50, 25]])]],
      // Traces 3 and 4 both start in the first two minutes.
      ["claude-sonnet", [bucket(T0, 2, 0, 120, 70, [["claude-sonnet", 55, 15]])]],
      ["text-embed", [bucket(T0, 1, 0, 10, 20, [["text-embed", 15, 5]])]],
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
