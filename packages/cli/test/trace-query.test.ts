import { MemoryTraceStore, type SearchTracesOptions, type SearchTracesResult, type SpanJSON, type TraceJSON } from "@traceloom/core";
import { describe, expect, it } from "vitest";
import { PriceTable } from "../src/pricing/price-table.js";
import { TraceCostCache } from "../src/pricing/trace-cost-cache.js";
import { UserError } from "../src/store-access.js";
import { queryTraces } from "../src/trace-query.js";

const prices = new PriceTable();

/** What queryTraces throws for a query, or undefined. */
function failureOf(store: MemoryTraceStore, query: Parameters<typeof queryTraces>[1]): unknown {
  try {
    queryTraces(store, query, prices);
    return undefined;
  } catch (err) {
    return err;
  }
}

/** A store with a bug: its search fails with a TypeError that has nothing to do with the query. */
class BrokenStore extends MemoryTraceStore {
  override searchTraces(_options?: SearchTracesOptions): SearchTracesResult {
    throw new TypeError("Cannot read properties of undefined (reading 'spans')");
  }
}

describe("queryTraces errors", () => {
  it("makes the store's own option errors bad usage (exit 2)", () => {
    const store = new MemoryTraceStore();
    for (const query of [{ pageToken: "garbage" }, { orderBy: "cost DESC", pageToken: "garbage" }, { maxResults: 0 }, { filter: "status = = 'OK'" }]) {
      const err = failureOf(store, query);
      expect([JSON.stringify(query), err instanceof UserError, (err as UserError).exitCode]).toEqual([JSON.stringify(query), true, 2]);
    }
    expect((failureOf(store, { filter: "status = = 'OK'" }) as UserError).position).toBe(9);
  });

  it("names every field a search can be ordered by, cost included", () => {
    const err = failureOf(new MemoryTraceStore(), { orderBy: "colour DESC" }) as UserError;
    expect([err.exitCode, err.message]).toEqual([
      2,
      'Invalid orderBy "colour DESC": use "<field> [ASC|DESC]" with field one of timestamp_ms, execution_time_ms, name, status, total_tokens, cost',
    ]);
  });

  it("lets any other TypeError through as the internal error it is", () => {
    const err = failureOf(new BrokenStore(), {});
    expect(err).toBeInstanceOf(TypeError);
    expect(err).not.toBeInstanceOf(UserError);
    expect((err as Error).message).toBe("Cannot read properties of undefined (reading 'spans')");
    expect(failureOf(new BrokenStore(), { orderBy: "cost DESC" })).not.toBeInstanceOf(UserError);
  });
});

const EXPERIMENT = { type: "MLFLOW_EXPERIMENT", mlflow_experiment: { experiment_id: "0" } } as const;

/** A finished trace of one gpt-4o call of `tokens` input tokens (so its cost is tokens × $2.50 / 1M), at minute `n`. */
function llmTrace(n: number, tokens: number, spanId = 1): TraceJSON {
  const hex = n.toString(16).padStart(32, "0");
  const usage = { input_tokens: tokens, output_tokens: 0, total_tokens: tokens };
  const span: SpanJSON = {
    trace_id: Buffer.from(hex, "hex").toString("base64"),
    span_id: Buffer.from(spanId.toString(16).padStart(16, "0"), "hex").toString("base64"),
    parent_span_id: null,
    name: `call${spanId}`,
    start_time_unix_nano: n * 60e9,
    end_time_unix_nano: n * 60e9 + 1e6,
    events: [],
    status: { code: "STATUS_CODE_OK", message: "" },
    attributes: { "mlflow.chat.tokenUsage": JSON.stringify(usage), model: JSON.stringify("gpt-4o") },
  };
  return {
    info: {
      trace_id: `tr-${hex}`,
      trace_location: EXPERIMENT,
      request_time: new Date(n * 60_000).toISOString(),
      execution_duration_ms: 1,
      state: "OK",
      trace_metadata: { "mlflow.trace.tokenUsage": JSON.stringify(usage) },
      tags: { "mlflow.traceName": `t${n}` },
    },
    data: { spans: [span] },
  };
}

/** A store that counts how often it loads whole traces (with their spans). */
class CountingStore extends MemoryTraceStore {
  loadsWithSpans = 0;
  override getTrace(traceId: string) {
    this.loadsWithSpans++;
    return super.getTrace(traceId);
  }
  override searchTraces(options: SearchTracesOptions = {}): SearchTracesResult {
    const result = super.searchTraces(options);
    if (options.includeSpans !== false) this.loadsWithSpans += result.traces.length;
    return result;
  }
}

/** Trace names of a page, in order. */
const names = (page: { traces: { info: { name?: string } }[] }) => page.traces.map((t) => t.info.name);

describe("ordering by cost", () => {
  const tokensByMinute = [300, 100, 500, 200, 400];

  function storeOfFive(): CountingStore {
    const store = new CountingStore();
    store.writeTraces(tokensByMinute.map((tokens, i) => llmTrace(i + 1, tokens)));
    return store;
  }

  it("sorts every matching trace and pages through them", () => {
    const store = storeOfFive();
    const first = queryTraces(store, { orderBy: "cost DESC", maxResults: 3 }, prices);
    expect(names(first)).toEqual(["t3", "t5", "t1"]);
    expect(first.sortedAmong).toBeUndefined();
    expect(names(queryTraces(store, { orderBy: "cost DESC", maxResults: 3, pageToken: first.nextPageToken }, prices))).toEqual(["t4", "t2"]);
    expect(names(queryTraces(store, { orderBy: "cost ASC", maxResults: 2 }, prices))).toEqual(["t2", "t4"]);
  });

  it("loads each trace's spans once across searches sharing a cost cache, and only the shown page after that", () => {
    const store = storeOfFive();
    const costs = new TraceCostCache(prices);
    queryTraces(store, { orderBy: "cost DESC", maxResults: 2 }, prices, costs);
    expect(store.loadsWithSpans).toBe(5 + 2);
    store.loadsWithSpans = 0;
    const again = queryTraces(store, { orderBy: "cost DESC", maxResults: 2 }, prices, costs);
    expect(names(again)).toEqual(["t3", "t5"]);
    expect(store.loadsWithSpans).toBe(2);
  });

  it("recomputes a cached cost when a later fragment changes the trace's token total", () => {
    const store = storeOfFive();
    const costs = new TraceCostCache(prices);
    expect(names(queryTraces(store, { orderBy: "cost DESC", maxResults: 1 }, prices, costs))).toEqual(["t3"]);
    store.writeTraces([llmTrace(2, 1_000, 2)]);
    expect(names(queryTraces(store, { orderBy: "cost DESC", maxResults: 1 }, prices, costs))).toEqual(["t2"]);
  });

  it("says how many of the newest traces it sorted when the limit left older ones out", () => {
    const store = storeOfFive();
    const capped = queryTraces(store, { orderBy: "cost DESC", maxResults: 10, costSortLimit: 3 }, prices);
    expect([names(capped), capped.sortedAmong]).toEqual([["t3", "t5", "t4"], 3]);
    expect(queryTraces(store, { orderBy: "cost DESC", costSortLimit: 5 }, prices).sortedAmong).toBeUndefined();
  });
});
