import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { basename, join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { configure, exportStats, flush, shutdown, SqliteTraceStore, withSpan } from "../../src/index.js";
import { encodeTrace, type EncodedTrace } from "../../src/store/writer/encoded-trace.js";
import { writerScriptPath } from "../../src/store/writer/locate-worker.js";
import { spawnSync } from "node:child_process";
import { ThreadWriter, writerEntry } from "../../src/store/writer/thread-writer.js";
import { expectedNames, holdWriteLock, runScript, storedNames } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "traceloom-writer-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => shutdown());

/** A small agent trace: a root and two children, as an evaluation loop makes them. */
function agentTrace(name: string): void {
  withSpan({ name, spanType: "AGENT", inputs: { question: name } }, () => {
    withSpan({ name: "retrieve", spanType: "RETRIEVER" }, () => ["doc"]);
    withSpan({ name: "answer", spanType: "LLM" }, () => "ok");
  });
}

describe("the local store's writer thread", () => {
  it("stores every trace of a loop that never yields (no queue-full drops for the local store)", async () => {
    const dbPath = join(dir, "burst.db");
    await configure({ trackingUri: dbPath });
    const count = 5_000;
    for (let i = 0; i < count; i++) agentTrace(`run_${i}`);
    await flush();
    expect(exportStats()).toEqual([expect.objectContaining({ exported: count, dropped: 0, queued: 0 })]);
    expect(storedNames(dbPath)).toEqual(expectedNames("run", count));
  });

  it("records the traced program and its user, not the writer thread's script, as the trace's source", async () => {
    const dbPath = join(dir, "source.db");
    await configure({ trackingUri: dbPath });
    agentTrace("source_check");
    await flush();
    const store = new SqliteTraceStore(dbPath, { readonly: true });
    const metadata = store.searchTraces({ includeSpans: false }).traces[0].info.metadata;
    store.close();
    expect(metadata["mlflow.source.name"]).toBe(basename(process.argv[1]));
    expect(metadata["mlflow.user"]).toBe(userInfo().username);
  });

  it("keeps tracing while another process holds the write lock past busy_timeout, and stores everything after", async () => {
    const dbPath = join(dir, "locked.db");
    await configure({ trackingUri: dbPath });
    agentTrace("before_0");
    await flush();
    // 6 s: longer than the store's 5 s busy_timeout, so the writer must retry rather than give up.
    const lock = await holdWriteLock(dbPath, 6_000);
    let lockReleased = false;
    void lock.released.then(() => (lockReleased = true));
    const count = 300;
    for (let i = 0; i < count; i++) {
      agentTrace(`during_${i}`);
      await new Promise((r) => setImmediate(r));
    }
    // The program went on while the lock was held: the writes wait in the writer thread, not on this one.
    expect(lockReleased).toBe(false);
    const flushed = flush();
    await lock.released;
    await flushed;
    expect(storedNames(dbPath)).toEqual([...expectedNames("before", 1), ...expectedNames("during", count)].sort());
    expect(exportStats()[0]).toMatchObject({ exported: count + 1, dropped: 0 });
  });

  it("lets several processes' writer threads share one file, none lost", async () => {
    const dbPath = join(dir, "shared.db");
    new SqliteTraceStore(dbPath).close();
    const runs = await Promise.all(
      ["a", "b", "c"].map((p) => runScript("trace-then-end.mjs", [dbPath], { TRACE_COUNT: "400", END: "natural", TRACE_PREFIX: p })),
    );
    for (const r of runs) expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(storedNames(dbPath)).toEqual(["a", "b", "c"].flatMap((p) => expectedNames(p, 400)).sort());
  });

  it("spills batches beyond its memory bound to a file, stores them all, and removes the file when it closes", async () => {
    const dbPath = join(dir, "spill.db");
    const store = new SqliteTraceStore(dbPath);
    const writer = new ThreadWriter(writerScriptPath() as string, dbPath, () => store, 1);
    const traces = await encodedAgentTraces(40);
    writer.write(traces.slice(0, 20));
    writer.write(traces.slice(20));
    expect(statSync(writer.spillPath).size).toBeGreaterThan(0);
    await writer.idle();
    expect(writer.counts()).toEqual({ written: 40, dropped: 0 });
    await writer.close();
    store.close();
    expect(existsSync(writer.spillPath)).toBe(false);
    expect(storedNames(dbPath)).toEqual(expectedNames("spilled", 40));
  });

  it("runs for programs given as code (`node --input-type=module -e …`), whose --input-type a worker inherits", () => {
    const dbPath = join(dir, "eval.db");
    const program = `import { configure, flush, withSpan } from ${JSON.stringify(join(__dirname, "../../dist/index.js"))};
      await configure({ trackingUri: ${JSON.stringify(dbPath)} });
      for (let i = 0; i < 3; i++) withSpan({ name: "eval_" + i }, () => i);
      await flush();`;
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", program], { encoding: "utf8", timeout: 30_000 });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(storedNames(dbPath)).toEqual(expectedNames("eval", 3));
    expect(writerEntry("/w/writer.js", ["--expose-gc"])).toEqual(["/w/writer.js", { eval: false }]);
  });

  it("writes on the main thread instead when the writer thread cannot run, losing nothing", async () => {
    const dbPath = join(dir, "fallback.db");
    const store = new SqliteTraceStore(dbPath);
    const broken = join(dir, "broken-writer.mjs");
    writeFileSync(broken, "throw new Error('no writer here');");
    const writer = new ThreadWriter(broken, dbPath, () => store, 64 * 2 ** 20);
    writer.write(await encodedAgentTraces(10));
    await writer.idle();
    expect(writer.counts()).toEqual({ written: 10, dropped: 0 });
    await writer.close();
    expect(storedNames(dbPath)).toEqual(expectedNames("spilled", 10));
    store.close();
  });
});

/** Encoded agent traces named spilled_0 …, as the store queue hands them over. */
async function encodedAgentTraces(count: number): Promise<EncodedTrace[]> {
  const out: EncodedTrace[] = [];
  await configure({ trackingUri: "memory:", disableLocalStore: true, sinks: [{ name: "grab", export: (ts) => void out.push(...ts.map((t) => encodeTrace(t))) }] });
  for (let i = 0; i < count; i++) agentTrace(`spilled_${i}`);
  await flush();
  await shutdown();
  return out;
}
