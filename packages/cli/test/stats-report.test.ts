import { MemoryTraceStore, type StatsGroup, type Trace } from "@traceloom/core";
import { beforeAll, describe, expect, it } from "vitest";
import { formatSeriesTable } from "../src/cli/stats-table.js";
import { spanCost } from "../src/pricing/cost.js";
import { PriceTable } from "../src/pricing/price-table.js";
import { queryStats } from "../src/stats/stats-query.js";
import { groupReport } from "../src/stats/stats-report.js";
import { seedStore } from "./helpers/seed-store.js";
import { modelOf, tracesAt } from "./helpers/stats-expect.js";

const prices = new PriceTable();
let traces: Trace[];

beforeAll(async () => {
  traces = tracesAt((await seedStore()).path);
});

/** The cost of the model spans of the traces that started in each bucket, worked out span by span. */
function expectedBucketCosts(bucketMs: number): Map<number, number> {
  const costs = new Map<number, number>();
  for (const t of traces) {
    const start = Math.floor(t.info.timestampMs / bucketMs) * bucketMs;
    const usd = t.spans.filter((s) => modelOf(s) !== undefined).reduce((n, s) => n + (spanCost(s, prices) ?? 0), 0);
    costs.set(start, (costs.get(start) ?? 0) + usd);
  }
  return costs;
}

describe("stats report series cost", () => {
  it("prices each bucket's model tokens, overall and per model, as the spans' own costs add up", () => {
    const store = new MemoryTraceStore();
    store.writeTraces(traces.map((t) => t.toJSON()));
    const series = queryStats(store, { bucket: 100 }, prices).total.series ?? [];
    expect(series.length).toBeGreaterThan(1);
    const expected = expectedBucketCosts(100);
    expect(series.map((b) => b.startMs)).toEqual([...expected.keys()].sort((a, b) => a - b));
    for (const b of series) expect(b.cost?.usd ?? 0, `bucket ${b.startMs}`).toBeCloseTo(expected.get(b.startMs) as number, 12);
    // The buckets of one model add up to the model's cost.
    const byModel = queryStats(store, { groupBy: "model", bucket: 100 }, prices);
    expect(byModel.groups.length).toBeGreaterThan(1);
    for (const g of byModel.groups) {
      const summed = (g.series ?? []).reduce((n, b) => n + (b.cost?.usd ?? 0), 0);
      expect(summed, String(g.key)).toBeCloseTo(g.cost?.usd ?? 0, 12);
    }
    store.close();
  });

  it("keeps a bucket without tokens by model as unknown cost, not zero, and the table shows it as ?", () => {
    const bucket = { startMs: Date.UTC(2026, 0, 1), count: 2, errorCount: 0, p50Ms: 10, totalTokens: 30 };
    const group: StatsGroup = {
      key: null,
      count: 3,
      errorCount: 0,
      latencyMs: null,
      inputTokens: 20,
      outputTokens: 10,
      totalTokens: 30,
      tokensByModel: [{ model: "gpt-4o-mini", inputTokens: 20, outputTokens: 10 }],
      series: [bucket, { ...bucket, startMs: bucket.startMs + 60_000, tokensByModel: [{ model: "gpt-4o-mini", inputTokens: 1_000_000, outputTokens: 1_000_000 }] }, { ...bucket, startMs: bucket.startMs + 120_000, tokensByModel: [] }],
    };
    const series = groupReport(group, prices).series ?? [];
    expect(series.map((b) => b.cost)).toEqual([undefined, { usd: 0.75, unpricedModels: [] }, null]);
    expect("cost" in series[0]).toBe(false);
    expect(formatSeriesTable(series).split("\n").map((l) => l.trim().split(/ {2,}/).at(-1))).toEqual(["COST", "?", "$0.750000", "-"]);
  });
});
