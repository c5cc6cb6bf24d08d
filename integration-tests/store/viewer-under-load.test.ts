import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliBin, startUi, type UiProcess } from "../support/cli-process.js";
import { MemoryTraceStore, type TraceJSON } from "@traceloom/core";
import { corpusTrace } from "../../bench/src/store/corpus.mjs";
import { buildStore, type CorpusStore } from "../support/store-corpus.js";

// A search that reads every trace's metadata and previews (tens to hundreds of ms at this size; the deadline is 5 ms).
const HEAVY =
  "metadata.`mlflow.traceInputs` ILIKE '%zz%' AND request_preview ILIKE '%zz%' AND response_preview ILIKE '%zz%' AND span.name ILIKE '%zz%'";
const search = (base: string, filter: string) => `${base}api/traces?filter=${encodeURIComponent(filter)}&orderBy=${encodeURIComponent("execution_time_ms DESC")}`;

let store: CorpusStore;
beforeAll(() => {
  store = buildStore(10_000);
});
afterAll(() => store?.remove());

describe("the viewer over 10,000 traces / 50,000 spans", () => {
  let ui: UiProcess;
  afterAll(async () => {
    ui?.child.kill("SIGKILL");
  });

  it("answers a search past the deadline with 503 'narrow it', and keeps serving meanwhile", async () => {
    ui = await startUi(store.path, ["--query-timeout", "0.005"]);
    const slow = fetch(search(ui.url, HEAVY)).then(async (r) => ({ status: r.status, body: (await r.json()) as { error: string }, at: performance.now() }));
    const page = fetch(ui.url).then(async (r) => ({ status: r.status, text: await r.text(), at: performance.now() }));
    const info = fetch(`${ui.url}api/info`).then(async (r) => ({ status: r.status, at: performance.now() }));
    const [s, p, i] = await Promise.all([slow, page, info]);
    expect(s.status).toBe(503);
    expect(s.body.error).toMatch(/^The query took longer than 5 ms and was stopped; narrow it/);
    expect([p.status, i.status]).toEqual([200, 200]);
    expect(p.text).toContain("<html");
    ui.child.kill("SIGTERM");
    expect(await ui.exited).toBe(0);
  });

  it("stops on SIGTERM while a search runs", async () => {
    ui = await startUi(store.path, ["--query-timeout", "600"]);
    const inFlight = fetch(search(ui.url, HEAVY)).then(
      (r) => r.status,
      () => "closed",
    );
    await new Promise((r) => setTimeout(r, 30));
    ui.child.kill("SIGTERM");
    expect(await ui.exited).toBe(0);
    expect([200, 500, 503, "closed"]).toContain(await inFlight);
  });
});

describe("the CLI over the same store", () => {
  it("answers a search past --query-timeout with a clear error and exit code 1", () => {
    const run = spawnSync(process.execPath, [cliBin, "--tracking-uri", store.path, "--query-timeout", "0.005", "traces", "search", HEAVY], { encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^Error: The query took longer than 5 ms and was stopped \(--query-timeout\); narrow it/);
  });

  it("finds the same traces for every filter of the grammar as a full scan would", () => {
    const count = (filter: string) => {
      const run = spawnSync(process.execPath, [cliBin, "--tracking-uri", store.path, "traces", "search", filter, "--json", "-n", "100000"], { encoding: "utf8", maxBuffer: 1 << 28 });
      expect(run.stderr).toBe("");
      return run.stdout.split("\n").filter(Boolean).length;
    };
    // Expected counts follow from the corpus generator's rules (bench/src/store/corpus.mjs) for 10,000 traces.
    expect(count("status = 'ERROR'")).toBe(500);
    expect(count("status = 'ERROR' AND span.type = 'TOOL'")).toBe(500);
    expect(count("status = 'OK' AND span.type = 'TOOL' AND name = 'code_agent'")).toBe(750);
    expect(count("span.status = 'ERROR'")).toBe(500);
    expect(count("name = 'code_agent'")).toBe(1250);
    expect(count("tags.env = 'prod' AND tags.release LIKE 'v1.1%'")).toBe(count("tags.env = 'prod' AND tags.release IN ('v1.1', 'v1.10', 'v1.11', 'v1.12', 'v1.13', 'v1.14', 'v1.15', 'v1.16', 'v1.17', 'v1.18', 'v1.19')"));
    expect(count("metadata.`mlflow.trace.user` = 'user-7'")).toBe(10);
    expect(count("client_request_id = 'req-777'")).toBe(1);
  });

  it("finds by free text exactly the traces the memory store's own scan finds", () => {
    // The same 10,000 generated traces in the memory store, which matches free text by scanning each trace's words.
    const memory = new MemoryTraceStore();
    memory.writeTraces(Array.from({ length: store.traces }, (_, i) => corpusTrace(i) as unknown as TraceJSON));
    const ids = (filter: string) => {
      const run = spawnSync(process.execPath, [cliBin, "--tracking-uri", store.path, "traces", "search", filter, "--json", "-n", "100000"], { encoding: "utf8", maxBuffer: 1 << 28 });
      expect(run.stderr).toBe("");
      return run.stdout.split("\n").filter(Boolean).map((line) => (JSON.parse(line) as { traceId: string }).traceId).sort();
    };
    const scanned = (filter: string) => memory.searchTraces({ filter, maxResults: 100_000 }).traces.map((t) => t.toJSON().info.trace_id).sort();
    // A common word, a rare one, a phrase, LIKE over the text and over span content, and free text with other filters.
    const filters = ["mz", "jwu", '"jwu xyhypgtt"', "trace.text LIKE '%sokfk bfp%'", "span.content LIKE '%hylmt%'", "mz AND status = 'ERROR'", "mz AND span.name = 'get_weather'"];
    for (const filter of filters) {
      const expected = scanned(filter);
      expect(expected.length, filter).toBeGreaterThan(0);
      expect(ids(filter), filter).toEqual(expected);
    }
    memory.close();
  });
});
