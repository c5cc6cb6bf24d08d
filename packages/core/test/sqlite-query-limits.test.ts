import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { parseAge, QueryTimeoutError, retentionFromEnv, SqliteTraceStore } from "../src/index.js";
import { openSqlite } from "../src/store/sqlite/open-sqlite.js";
import { syntheticTraces } from "./fixtures/store/synthetic.js";

const dir = mkdtempSync(join(tmpdir(), "traceloom-limits-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

let n = 0;
function storeWith(count: number, options: ConstructorParameters<typeof SqliteTraceStore>[1] = {}): SqliteTraceStore {
  const store = new SqliteTraceStore(join(dir, `s${n++}.db`), options);
  const traces = syntheticTraces(count);
  for (let i = 0; i < traces.length; i += 100) store.writeTraces(traces.slice(i, i + 100));
  return store;
}

function rawCount(store: SqliteTraceStore, table: string): number {
  const db = openSqlite(store.path, { readonly: true });
  const row = db.prepare<{ n: number }>(`SELECT count(*) AS n FROM ${table}`).get();
  db.close();
  return row?.n ?? -1;
}

describe("query deadline", () => {
  it("stops a search or count past its deadline with a QueryTimeoutError that says to narrow it", () => {
    const store = storeWith(600);
    let clock = Date.now();
    // Each clock read is a second later: the first check inside the scan is past any deadline.
    vi.spyOn(Date, "now").mockImplementation(() => (clock += 1000));
    for (const run of [
      () => store.searchTraces({ filter: "span.type = 'TOOL'", timeoutMs: 500 }),
      () => store.countTraces({ filter: "tags.i LIKE '%9%'", timeoutMs: 500 }),
      // A scan that matches nothing is checked too.
      () => store.countTraces({ filter: "request_preview LIKE '%no such text%'", timeoutMs: 500 }),
      // Stats: the scans that fill and aggregate their rows are checked too, trace- and span-level.
      () => store.traceStats({ groupBy: "tags.i", timeoutMs: 500 }),
      () => store.traceStats({ groupBy: "span.type", bucketMs: 1000, timeoutMs: 500 }),
    ]) {
      let error: unknown;
      try {
        run();
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(QueryTimeoutError);
      expect((error as QueryTimeoutError).timeoutMs).toBe(500);
      expect((error as Error).message).toMatch(/took longer than 500 ms.*narrow it/);
    }
    vi.restoreAllMocks();
    expect(store.countTraces({ filter: "span.type = 'TOOL'", timeoutMs: 60_000 })).toBe(600);
    expect(store.traceStats({ groupBy: "span.type", timeoutMs: 60_000 }).total.count).toBeGreaterThan(600);
    store.close();
  });

  it("stops a running statement as soon as isCancelled says so, from inside the scan", () => {
    let polls = 0;
    const store = storeWith(1100, { isCancelled: () => ++polls > 2 });
    expect(() => store.countTraces({ filter: "tags.i LIKE '%'" })).toThrow(QueryTimeoutError);
    // Polled as the scan goes (every 256 traces), and stopped at the first poll that said so.
    expect(polls).toBe(3);
    store.close();
  });
});

describe("retention", () => {
  it("deletes exactly the traces older than a cutoff, with their index terms", () => {
    const store = storeWith(50);
    const cutoff = Date.UTC(2026, 0, 1) + 19 * 1000;
    expect(store.deleteTraces({ maxTimestampMs: cutoff })).toBe(20);
    expect(store.countTraces()).toBe(30);
    expect(store.countTraces({ filter: "timestamp_ms <= " + cutoff })).toBe(0);
    expect(store.countTraces({ filter: "tags.i = '19'" })).toBe(0);
    expect(store.countTraces({ filter: "tags.i = '20'" })).toBe(1);
    expect(store.countTraces({ filter: "span.type = 'TOOL'" })).toBe(30);
    expect(store.deleteTraces({})).toBe(30);
    expect(["traces", "payloads", "terms", "spans", "trace_text"].map((t) => rawCount(store, t))).toEqual([0, 0, 0, 0, 0]);
    store.close();
  });

  it("keeps the newest traces within a count or size cap", () => {
    const store = storeWith(200);
    expect(store.applyRetention({ maxTraces: 120 })).toBe(80);
    expect(store.searchTraces({ orderBy: ["timestamp_ms ASC"], maxResults: 1 }).traces[0].info.tags.i).toBe("80");
    const used = store.usedBytes();
    store.applyRetention({ maxBytes: Math.floor(used / 2) });
    expect(store.usedBytes()).toBeLessThanOrEqual(used / 2);
    expect(store.countTraces()).toBeGreaterThan(0);
    store.close();
  });

  it("applies a configured cap after writes, in the writing thread", () => {
    const store = storeWith(1100, { retention: { maxTraces: 10 } });
    // Checked after the first batch and after every 1000 traces written since: after batch 1 and batch 11.
    expect(store.countTraces()).toBe(10);
    expect(store.searchTraces({ maxResults: 1 }).traces[0].info.tags.i).toBe("1099");
    store.close();
  });

  it("reads limits and ages as the CLI and environment give them", () => {
    expect(retentionFromEnv({ TRACELOOM_MAX_TRACES: "5000", TRACELOOM_MAX_STORE_MB: "1.5" })).toEqual({ maxTraces: 5000, maxBytes: 1572864 });
    expect(retentionFromEnv({})).toBeUndefined();
    expect(() => retentionFromEnv({ TRACELOOM_MAX_TRACES: "lots" })).toThrow(/TRACELOOM_MAX_TRACES must be a positive number/);
    expect([parseAge("30d"), parseAge("12h"), parseAge("45m"), parseAge("90s")]).toEqual([2_592_000_000, 43_200_000, 2_700_000, 90_000]);
    expect(() => parseAge("30 days")).toThrow(/Invalid age "30 days"/);
  });
});
