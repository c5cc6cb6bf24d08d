import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import {
  configure,
  flush,
  getActiveRun,
  getRuntime,
  SpanType,
  SqliteTraceStore,
  startRun,
  TraceClient,
  withRun,
  withSpan,
  type Trace,
} from "../src/index.js";
import { useMemoryStore } from "./helpers.js";

const RUN_KEY = "mlflow.sourceRun";

async function tracesNamed(): Promise<Map<string, Trace>> {
  await flush();
  const page = getRuntime().store!.searchTraces({ maxResults: 1000, includeSpans: false });
  return new Map(page.traces.map((t) => [t.info.name ?? "", t]));
}

const runOf = (t: Trace | undefined) => t?.info.metadata[RUN_KEY];
const storedRun = (runId: string) => getRuntime().store!.getRun(runId);
const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

const dir = mkdtempSync(join(tmpdir(), "traceloom-run-api-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

afterEach(async () => {
  // A test that failed half-way must not leave a process-wide run behind.
  while (getActiveRun()) await getActiveRun()!.end({ status: "KILLED" });
});

describe("withRun", () => {
  it("links every trace started inside (and only those) to the run, with its record, and ends it FINISHED", async () => {
    await useMemoryStore();
    await withSpan("before", () => undefined);
    let id = "";
    const result = await withRun({ name: "eval-1", params: { model: "gpt-4o", k: 4 }, tags: { team: "search" } }, async (run) => {
      id = run.runId;
      expect(getActiveRun()).toBe(run);
      await withSpan("inside-1", async () => {
        await withSpan({ name: "child", spanType: SpanType.TOOL }, () => undefined);
      });
      await new TraceClient().startTrace({ name: "inside-client" }).end();
      return 42;
    });
    await withSpan("after", () => undefined);
    expect(result).toBe(42);
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(getActiveRun()).toBeUndefined();
    const traces = await tracesNamed();
    expect(runOf(traces.get("inside-1"))).toBe(id);
    expect(runOf(traces.get("inside-client"))).toBe(id);
    expect(runOf(traces.get("before"))).toBeUndefined();
    expect(runOf(traces.get("after"))).toBeUndefined();
    const record = storedRun(id);
    expect(record).toMatchObject({ runId: id, experimentId: "0", name: "eval-1", status: "FINISHED", parentRunId: null, params: { model: "gpt-4o", k: "4" }, tags: { team: "search" } });
    expect(record!.endTimeMs).toBeGreaterThanOrEqual(record!.startTimeMs);
    expect(traces.get("inside-1")!.info.tags).not.toHaveProperty("traceloom.run");
  });

  it("ends the run FAILED and rethrows when the function throws", async () => {
    await useMemoryStore();
    let id = "";
    await expect(
      withRun({ name: "boom" }, async (run) => {
        id = run.runId;
        expect(storedRun(id)?.status).toBe("RUNNING");
        await withSpan("doomed", () => undefined);
        throw new Error("evaluation crashed");
      }),
    ).rejects.toThrow("evaluation crashed");
    expect(runOf((await tracesNamed()).get("doomed"))).toBe(id);
    expect(storedRun(id)?.status).toBe("FAILED");
  });

  it("keeps concurrent runs apart: each trace carries the run of its own async context", async () => {
    await useMemoryStore();
    const ids: Record<string, string> = {};
    await Promise.all(
      ["a", "b", "c"].map((name) =>
        withRun({ name }, async (run) => {
          ids[name] = run.runId;
          for (let i = 0; i < 3; i++) {
            await withSpan(`${name}-${i}`, async () => tick(2));
            await tick(1);
          }
        }),
      ),
    );
    const traces = await tracesNamed();
    expect(new Set(Object.values(ids)).size).toBe(3);
    for (const name of ["a", "b", "c"]) {
      for (let i = 0; i < 3; i++) {
        expect(runOf(traces.get(`${name}-${i}`))).toBe(ids[name]);
      }
    }
    expect(getRuntime().store!.listRuns().map((r) => [r.name, r.traceCount, r.status])).toEqual(
      expect.arrayContaining([
        ["a", 3, "FINISHED"],
        ["b", 3, "FINISHED"],
        ["c", 3, "FINISHED"],
      ]),
    );
  });

  it("nests: the inner run takes the traces of its scope and names the outer as parent", async () => {
    await useMemoryStore();
    let outerId = "";
    let innerId = "";
    await withRun({ name: "outer" }, async (outer) => {
      outerId = outer.runId;
      await withSpan("outer-1", () => undefined);
      await withRun({ name: "inner" }, async (inner) => {
        innerId = inner.runId;
        expect(inner.parentRunId).toBe(outer.runId);
        await withSpan("inner-1", () => undefined);
      });
      await withSpan("outer-2", () => undefined);
    });
    const traces = await tracesNamed();
    expect(runOf(traces.get("outer-1"))).toBe(outerId);
    expect(runOf(traces.get("outer-2"))).toBe(outerId);
    expect(runOf(traces.get("inner-1"))).toBe(innerId);
    expect(storedRun(innerId)?.parentRunId).toBe(outerId);
    expect(storedRun(outerId)?.parentRunId).toBeNull();
  });

  it("links a trace by where it began: spans of a trace begun before the run stay with that trace", async () => {
    await useMemoryStore();
    await withSpan("outside-root", async () => {
      await withRun({ name: "late" }, async () => {
        await withSpan("child-of-outside", () => undefined);
      });
    });
    const t = (await tracesNamed()).get("outside-root");
    expect(runOf(t)).toBeUndefined();
    expect(t).toBeDefined();
  });
});

describe("a run in a SQLite store (written by the store's writer thread)", () => {
  it("is listed with its traces and end status by another connection", async () => {
    const path = join(dir, "runs.db");
    await configure({ trackingUri: path });
    const run = await startRun({ name: "sqlite-run", params: { temperature: 0.2 } });
    for (let i = 0; i < 3; i++) await withSpan(`q${i}`, async () => tick(1));
    await run.end({ status: "FINISHED" });
    await configure({ trackingUri: "memory:" });
    const reader = new SqliteTraceStore(path, { readonly: true });
    try {
      expect(reader.listRuns()).toEqual([expect.objectContaining({ runId: run.runId, name: "sqlite-run", status: "FINISHED", params: { temperature: "0.2" }, traceCount: 3 })]);
      const traces = reader.searchTraces({ filter: `metadata.\`mlflow.sourceRun\` = '${run.runId}'`, includeSpans: false }).traces;
      expect(traces.map((t) => t.info.name).sort()).toEqual(["q0", "q1", "q2"]);
    } finally {
      reader.close();
    }
  });
});

describe("startRun", () => {
  it("is active process-wide until end(), then records the end status on its traces", async () => {
    await useMemoryStore();
    const run = await startRun({ name: "batch", params: { dataset: "v2" } });
    expect(run.status).toBe("RUNNING");
    await withSpan("one", () => undefined);
    // Work started elsewhere (a timer, another request) while the run is active joins it too, as in MLflow.
    await new Promise<void>((resolve) => setTimeout(() => void withSpan("from-timer", async () => undefined).then(resolve), 1));
    expect(storedRun(run.runId)?.status).toBe("RUNNING");
    await run.end({ status: "KILLED" });
    await run.end({ status: "FINISHED" }); // a second end changes nothing
    await withSpan("after-end", () => undefined);
    const traces = await tracesNamed();
    expect(runOf(traces.get("one"))).toBe(run.runId);
    expect(runOf(traces.get("from-timer"))).toBe(run.runId);
    expect(runOf(traces.get("after-end"))).toBeUndefined();
    expect(storedRun(run.runId)?.status).toBe("KILLED");
    expect(run.status).toBe("KILLED");
    const [summary] = getRuntime().store!.listRuns({ runId: run.runId });
    expect(summary).toMatchObject({ runId: run.runId, name: "batch", status: "KILLED", params: { dataset: "v2" }, traceCount: 2, errorCount: 0 });
  });

  it("a withRun scope inside an active startRun takes precedence there", async () => {
    await useMemoryStore();
    const global = await startRun({ name: "global" });
    let scoped = "";
    await withRun({ name: "scoped" }, async (run) => {
      scoped = run.runId;
      await withSpan("in-scope", () => undefined);
    });
    await withSpan("in-global", () => undefined);
    await global.end();
    const traces = await tracesNamed();
    expect(runOf(traces.get("in-scope"))).toBe(scoped);
    expect(runOf(traces.get("in-global"))).toBe(global.runId);
  });

  it("keeps a run that recorded no trace; with tracing disabled it stores nothing (no file is created)", async () => {
    await useMemoryStore();
    const empty = await withRun({ name: "empty" }, (run) => run.runId);
    expect(getRuntime().store!.listRuns()).toEqual([expect.objectContaining({ runId: empty, status: "FINISHED", traceCount: 0, firstTimestampMs: null })]);
    const path = join(dir, "never.db");
    await configure({ trackingUri: path, enabled: false });
    const run = await startRun({ name: "disabled" });
    await withSpan("unrecorded", () => undefined);
    await run.end();
    expect(existsSync(path)).toBe(false);
    await configure({ trackingUri: "memory:" });
  });

  it("refuses an unknown end status with a clear error", async () => {
    await useMemoryStore();
    const run = await startRun({ name: "x" });
    await expect(run.end({ status: "DONE" as never })).rejects.toThrow(/FINISHED, FAILED, KILLED/);
    await run.end();
    expect(run.status).toBe("FINISHED");
  });

  it("logs and carries on locally when the MLflow server cannot be reached", async () => {
    const lines: string[] = [];
    await configure({ trackingUri: "http://127.0.0.1:9", logger: (l) => lines.push(l), queue: { maxRetries: 0, exportTimeoutMs: 500 } });
    const run = await startRun({ name: "offline" });
    expect(run.runId).toMatch(/^[0-9a-f]{32}$/);
    expect(run.isRemote).toBe(false);
    expect(lines.join("\n")).toMatch(/could not be created on the MLflow server/);
    await run.end();
    await configure({ trackingUri: "memory:" });
  });
});
