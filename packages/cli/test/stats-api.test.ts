import { configure, flush, shutdown, trace, updateCurrentTrace, type Trace } from "@traceloom/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StatsReport } from "../src/stats/stats-report.js";
import { seedStore, type SeededStore } from "./helpers/seed-store.js";
import { allTraces, expectedSpanGroups, expectedTraceGroups, modelOf, nearestRank, type ExpectedGroup } from "./helpers/stats-expect.js";
import { openViewer } from "./helpers/viewer.js";

let seeded: SeededStore;
let server: Awaited<ReturnType<typeof openViewer>>;
let traces: Trace[];

/** Three RAG traces tagged with a framework and a chunk size (one failing, one without the tag), beside the demo. */
async function addRagTraces(path: string): Promise<void> {
  await configure({ trackingUri: path, experimentName: "rag" });
  const rag = trace(
    async (framework: string | undefined, chunk: string) => {
      updateCurrentTrace({ ...(framework ? { tags: { framework } } : {}), metadata: { chunk_size: chunk } });
      if (chunk === "1024") throw new Error("context too long");
      return "answer";
    },
    { name: "rag_query", spanType: "CHAIN" },
  );
  for (const [framework, chunk] of [["langgraph", "256"], ["langgraph", "1024"], ["llamaindex", "256"], [undefined, "512"]] as const) {
    await rag(framework, chunk).catch(() => undefined);
  }
  await flush();
  await shutdown();
}

beforeAll(async () => {
  seeded = await seedStore();
  await addRagTraces(seeded.path);
  server = await openViewer(seeded.path);
  traces = allTraces(server.store);
});
afterAll(() => server?.close());

async function stats(query: string): Promise<{ status: number; body: StatsReport & { error?: string; position?: number } }> {
  const res = await fetch(new URL(`/api/stats?${query}`, server.viewer.url));
  return { status: res.status, body: (await res.json()) as StatsReport & { error?: string; position?: number } };
}

/** The report's groups as key → [count, errors, tokens], and the expected ones likewise. */
const counts = (report: StatsReport) => Object.fromEntries(report.groups.map((g) => [String(g.key), [g.count, g.errorCount, g.totalTokens]]));
const expectedCounts = (groups: Map<string | null, ExpectedGroup>) => Object.fromEntries([...groups].map(([k, g]) => [String(k), [g.count, g.errorCount, g.totalTokens]]));

describe("GET /api/stats", () => {
  it("totals every trace when not grouped: count, errors, latency percentiles, tokens and cost", async () => {
    const { status, body } = await stats("");
    expect(status).toBe(200);
    const all = expectedTraceGroups(traces, () => "all").get("all") as ExpectedGroup;
    expect(body).toMatchObject({ groupBy: "none", counts: "traces", groups: [], truncatedGroups: 0, bucketMs: null });
    expect([body.total.count, body.total.errorCount, body.total.totalTokens]).toEqual([all.count, all.errorCount, all.totalTokens]);
    expect(body.total.errorRate).toBeCloseTo(all.errorCount / all.count, 12);
    expect(body.total.latencyMs?.p50).toBe(nearestRank(all.latencies, 50));
    expect(body.total.latencyMs?.p99).toBe(nearestRank(all.latencies, 99));
    expect(body.total.cost?.usd).toBeCloseTo(all.usd, 12);
    expect(body.total.cost?.unpricedModels).toEqual([]);
  });

  it("groups by model with each model's calls, latency percentiles and estimated cost", async () => {
    const { body } = await stats("groupBy=model");
    const expected = expectedSpanGroups(traces, modelOf);
    expect(body.counts).toBe("model calls");
    expect(counts(body)).toEqual(expectedCounts(expected));
    expect(body.groups.map((g) => g.key)).toEqual(expect.arrayContaining(["gpt-4o-mini", "claude-haiku-4-5", "gemini-2.5-flash", "text-embedding-3-small"]));
    for (const g of body.groups) {
      const e = expected.get(g.key) as ExpectedGroup;
      expect([g.latencyMs?.p50, g.latencyMs?.p90, g.latencyMs?.p99], String(g.key)).toEqual([50, 90, 99].map((p) => nearestRank(e.latencies, p)));
      expect(g.cost?.usd, String(g.key)).toBeCloseTo(e.usd, 12);
    }
  });

  it("groups by span type, span name, trace name and status", async () => {
    expect(counts((await stats("groupBy=span.type")).body)).toEqual(expectedCounts(expectedSpanGroups(traces, (s) => s.spanType)));
    expect(counts((await stats("groupBy=span.name")).body)).toEqual(expectedCounts(expectedSpanGroups(traces, (s) => s.name)));
    expect(counts((await stats("groupBy=trace.name")).body)).toEqual(expectedCounts(expectedTraceGroups(traces, (t) => t.info.name)));
    const byStatus = (await stats("groupBy=status")).body;
    expect(counts(byStatus)).toEqual(expectedCounts(expectedTraceGroups(traces, (t) => t.info.state)));
    expect(byStatus.groups.find((g) => g.key === "ERROR")?.errorRate).toBe(1);
  });

  it("groups by a tag and by a metadata key, traces without it in the null group", async () => {
    const byTag = (await stats("groupBy=tags.framework")).body;
    expect(byTag.groupBy).toBe("tags.framework");
    expect(counts(byTag)).toEqual(expectedCounts(expectedTraceGroups(traces, (t) => t.info.tags.framework)));
    expect(byTag.groups.find((g) => g.key === "langgraph")).toMatchObject({ count: 2, errorCount: 1, errorRate: 0.5 });
    // A key with dots, backtick-quoted as in a filter.
    const bySource = (await stats(`groupBy=${encodeURIComponent("metadata.`chunk_size`")}`)).body;
    expect(bySource.groupBy).toBe("metadata.chunk_size");
    expect(counts(bySource)).toEqual(expectedCounts(expectedTraceGroups(traces, (t) => t.info.metadata.chunk_size)));
  });

  it("narrows by filter, experiment and time range", async () => {
    const errors = (await stats(`filter=${encodeURIComponent("status = 'ERROR'")}&groupBy=trace.name`)).body;
    expect(counts(errors)).toEqual(expectedCounts(expectedTraceGroups(traces.filter((t) => t.info.state === "ERROR"), (t) => t.info.name)));
    const rag = (await stats("experiment=rag")).body;
    expect(rag.total.count).toBe(4);
    expect(rag.experimentId).toBe(traces.find((t) => t.info.name === "rag_query")?.info.experimentId);
    const starts = traces.map((t) => t.info.timestampMs).sort((a, b) => a - b);
    const middle = starts[Math.floor(starts.length / 2)];
    const later = (await stats(`from=${middle}`)).body;
    expect(later.total.count).toBe(starts.filter((s) => s >= middle).length);
    const earlier = (await stats(`to=${middle}`)).body;
    expect(earlier.total.count).toBe(starts.filter((s) => s < middle).length);
    expect((await stats(`from=${starts[0] - 60_000}&to=${starts[0]}`)).body.total.count).toBe(0);
  });

  it("adds series over time whose buckets add up to each group, with a round automatic bucket", async () => {
    const { body } = await stats("groupBy=model&bucket=auto");
    expect(body.bucketMs).toBeGreaterThan(0);
    for (const g of [body.total, ...body.groups]) {
      expect(g.series?.reduce((n, b) => n + b.count, 0)).toBe(g.count);
      for (const b of g.series ?? []) expect(b.startMs % (body.bucketMs as number)).toBe(0);
    }
    const hourly = (await stats("bucket=3600000")).body;
    expect(hourly.bucketMs).toBe(3_600_000);
    expect(hourly.total.series?.reduce((n, b) => n + b.count, 0)).toBe(traces.length);
  });

  it("answers bad parameters with 400 and a message that says what is wrong", async () => {
    const cases: [string, RegExp][] = [
      ["groupBy=color", /Cannot group by "color": use one of none, model, .*tags\.<key> or metadata\.<key>/],
      ["groupBy=tags.", /Cannot group by "tags\."/],
      ["from=yesterday", /from must be a time in milliseconds since the epoch, got "yesterday"/],
      ["to=1.5", /to must be a time in milliseconds/],
      ["bucket=0", /bucket must be "auto" or a positive number of milliseconds, got "0"/],
      ["bucket=1h", /bucket must be "auto" or a positive number/],
      ["from=2000&to=1000", /The time range starts .* after it ends/],
      ["bucket=1&from=0&to=100000000", /cuts the time range into 100000001 buckets \(at most 2000\)/],
      ["experiment=nope", /Unknown experiment "nope"/],
    ];
    for (const [query, message] of cases) {
      const { status, body } = await stats(query);
      expect([query, status]).toEqual([query, 400]);
      expect(body.error).toMatch(message);
    }
    const bad = await stats(`filter=${encodeURIComponent("status = ")}`);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ position: 9 });
    expect(bad.body.error).toMatch(/^Invalid filter at position 9/);
  });
});
