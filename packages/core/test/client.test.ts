import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { openSqlite } from "../src/store/sqlite/open-sqlite.js";
import { afterAll, describe, expect, it } from "vitest";
import { configure, flush, SqliteTraceStore, TraceClient } from "../src/index.js";
import { parentNames, tick, useMemoryStore } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "traceloom-client-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const scripts = join(__dirname, "fixtures/scripts");

describe("TraceClient", () => {
  it("builds interleaved traces from explicit IDs without using the active context", async () => {
    const client = await useMemoryStore();
    const a = client.startTrace({ name: "trace_a", inputs: { q: "a" }, tags: { kind: "A" } });
    const b = client.startTrace({ name: "trace_b", inputs: { q: "b" } });
    const a1 = client.startSpan({ traceId: a.traceId, parentId: a.spanId, name: "a_step", spanType: "TOOL" });
    const b1 = client.startSpan({ traceId: b.requestId, parentId: b.spanId, name: "b_step" });
    await tick(1);
    const a2 = client.startSpan({ traceId: a.traceId, parentId: a1.spanId, name: "a_inner" });
    client.endSpan(b.traceId, b1.spanId, { outputs: "b1" });
    client.endSpan(a.traceId, a2.spanId, { outputs: "a2", attributes: { k: 1 } });
    client.endTrace(b.traceId, { outputs: "B" });
    client.endSpan(a.traceId, a1.spanId, { status: "ERROR" });
    client.endTrace(a.traceId, { outputs: "A" });

    const ta = (await client.getTrace(a.traceId))!;
    const tb = (await client.getTrace(b.traceId))!;
    expect(parentNames(ta)).toEqual({ trace_a: null, a_step: "trace_a", a_inner: "a_step" });
    expect(parentNames(tb)).toEqual({ trace_b: null, b_step: "trace_b" });
    expect(ta.info.tags.kind).toBe("A");
    expect(ta.rootSpan!.outputs).toBe("A");
    expect(ta.spans.find((s) => s.name === "a_step")!.status.code).toBe("STATUS_CODE_ERROR");
    expect(ta.spans.find((s) => s.name === "a_inner")!.attribute("k")).toBe(1);
    expect(ta.info.state).toBe("OK");
    const found = await client.searchTraces({ filter: "tags.kind = 'A'" });
    expect(found.traces.map((t) => t.traceId)).toEqual([a.traceId]);
  });

  it("ignores (and logs once) unknown IDs instead of throwing", async () => {
    const lines: string[] = [];
    await configure({ trackingUri: "memory:", logger: (l) => lines.push(l) });
    const client = new TraceClient();
    expect(() => client.endSpan("tr-0123456789abcdef0123456789abcdef", "0123456789abcdef")).not.toThrow();
    expect(() => client.endTrace("tr-nope")).not.toThrow();
    expect(lines.join("\n")).toMatch(/no open span 0123456789abcdef/);
  });

  it("records spans started in a worker thread into the main thread's trace", async () => {
    const dbPath = join(dir, "workers.db");
    await configure({ trackingUri: dbPath });
    const client = new TraceClient();
    const root = client.startTrace({ name: "fan_out" });
    const runWorker = (n: number) =>
      new Promise<void>((resolve, reject) => {
        const w = new Worker(join(scripts, "worker-span.mjs"), { workerData: { dbPath, traceId: root.traceId, parentId: root.spanId, n } });
        w.once("message", () => resolve());
        w.once("error", reject);
      });
    await Promise.all([runWorker(1), runWorker(2)]);
    client.endTrace(root.traceId, { outputs: "merged" });
    const t = (await client.getTrace(root.traceId))!;
    expect(t.spans.map((s) => s.name).sort()).toEqual(["fan_out", "worker_inner", "worker_inner", "worker_step", "worker_step"]);
    const steps = t.spans.filter((s) => s.name === "worker_step");
    expect(steps.map((s) => s.parentId)).toEqual([root.spanId, root.spanId]);
    expect(steps.map((s) => s.outputs).sort()).toEqual([2, 4]);
    for (const inner of t.spans.filter((s) => s.name === "worker_inner")) {
      expect(steps.map((s) => s.spanId)).toContain(inner.parentId);
    }
    expect(t.info.state).toBe("OK");
    expect(t.info.metadata).not.toHaveProperty("traceloom.remoteParentSpanId");
    expect(t.info.name).toBe("fan_out");
    expect(t.rootSpan!.outputs).toBe("merged");
  });
});

describe("SQLite durability", () => {
  it("keeps earlier traces intact when the writing process is killed mid-write", async () => {
    const dbPath = join(dir, "killed.db");
    const child = spawn(process.execPath, [join(scripts, "writer.mjs"), dbPath], { stdio: ["ignore", "pipe", "inherit"] });
    let flushedBatches = 0;
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (buf: Buffer) => {
        flushedBatches += (buf.toString().match(/flushed/g) ?? []).length;
        if (flushedBatches >= 5) resolve();
      });
      child.once("exit", () => reject(new Error("writer exited early")));
    });
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));

    const raw = openSqlite(dbPath);
    expect(raw.prepare("PRAGMA integrity_check").get()).toEqual({ integrity_check: "ok" });
    raw.close();
    const store = new SqliteTraceStore(dbPath);
    const all = store.searchTraces({ maxResults: 10_000, orderBy: ["timestamp_ms ASC"] }).traces;
    expect(all.length).toBeGreaterThanOrEqual(5 * 20);
    for (let batch = 0; batch < 5; batch++) {
      for (let i = 0; i < 20; i++) {
        const t = store.searchTraces({ filter: `name = 'batch_${batch}_${i}'` }).traces;
        expect(t).toHaveLength(1);
        expect((t[0].rootSpan!.inputs as { payload: string }).payload).toHaveLength(5000);
      }
    }
    store.writeTraces([]);
    store.close();
  });

  it("writes what is still queued when the process exits normally", async () => {
    const dbPath = join(dir, "exit.db");
    const code = `import { configure, withSpan } from ${JSON.stringify(join(__dirname, "../dist/index.js"))};
      await configure({ trackingUri: ${JSON.stringify(dbPath)}, queue: { scheduleDelayMs: 60000 } });
      for (let i = 0; i < 50; i++) withSpan("exit_" + i, () => i);`;
    const child = spawn(process.execPath, ["--input-type=module", "-e", code], { stdio: "inherit" });
    expect(await new Promise((r) => child.once("exit", r))).toBe(0);
    const store = new SqliteTraceStore(dbPath);
    expect(store.searchTraces({ maxResults: 100 }).traces).toHaveLength(50);
    store.close();
  });
});

describe("default tracking URI", () => {
  it("resolves MLflow sqlite URIs and plain paths", async () => {
    const { parseTrackingUri } = await import("../src/index.js");
    expect(parseTrackingUri("sqlite:////abs/path.db")).toEqual({ kind: "sqlite", path: "/abs/path.db" });
    expect(parseTrackingUri("sqlite:///rel.db")).toEqual({ kind: "sqlite", path: join(process.cwd(), "rel.db") });
    expect(parseTrackingUri("traces/x.db")).toEqual({ kind: "sqlite", path: join(process.cwd(), "traces/x.db") });
    expect(parseTrackingUri("memory:")).toEqual({ kind: "memory" });
    expect(parseTrackingUri("https://mlflow.example")).toEqual({ kind: "remote", uri: "https://mlflow.example" });
    expect(() => parseTrackingUri("ftp://x")).toThrow(/Unsupported tracking URI scheme/);
    await flush();
  });
});

describe("traces at process exit and across configure()", () => {
  it("writes a trace whose root ended while a child span is still open, marking the child unfinished", async () => {
    const dbPath = join(dir, "dangling.db");
    const code = `import { configure, startSpan, withSpan } from ${JSON.stringify(join(__dirname, "../dist/index.js"))};
      await configure({ trackingUri: ${JSON.stringify(dbPath)} });
      withSpan("root_with_dangling_child", (s) => { startSpan({ name: "dangling", parent: s }); return 1; });
      withSpan("normal", () => 2);`;
    const child = spawn(process.execPath, ["--input-type=module", "-e", code], { stdio: "inherit" });
    expect(await new Promise((r) => child.once("exit", r))).toBe(0);
    const store = new SqliteTraceStore(dbPath);
    const traces = store.searchTraces({ orderBy: ["name ASC"] }).traces;
    expect(traces.map((t) => t.info.name)).toEqual(["normal", "root_with_dangling_child"]);
    const dangling = traces[1].spans.find((s) => s.name === "dangling")!;
    expect(dangling.status).toEqual({ code: "STATUS_CODE_UNSET", message: "span was not ended before its trace was exported" });
    store.close();
  });

  it("records a trace that was open while configure() switched destinations into the new destination", async () => {
    await configure({ trackingUri: join(dir, "before.db") });
    const span = new TraceClient().startTrace({ name: "spans_configure" });
    await configure({ trackingUri: join(dir, "after.db") });
    span.end();
    await flush();
    const after = new SqliteTraceStore(join(dir, "after.db"));
    expect(after.searchTraces().traces.map((t) => t.info.name)).toEqual(["spans_configure"]);
    after.close();
  });
});
