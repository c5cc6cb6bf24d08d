import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configure, flush, getRuntime, MemoryTraceStore, SpanType, SqliteTraceStore, withRun, withSpan, type RunRecord, type TraceJSON, type TraceStore } from "../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "traceloom-runs-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Run "r0" (2 traces, 1 failing, params), then "r1" (3 traces, ended FAILED), then one trace outside any run. */
async function recordRuns(): Promise<{ traces: TraceJSON[]; runs: RunRecord[]; ids: string[] }> {
  await configure({ trackingUri: "memory:" });
  const ids: string[] = [];
  await withRun({ name: "r0", params: { model: "m-small" }, tags: { suite: "qa" } }, async (run) => {
    ids.push(run.runId);
    for (let i = 0; i < 2; i++) {
      await withSpan({ name: `r0-${i}`, spanType: SpanType.AGENT }, async () => {
        await withSpan({ name: "llm", spanType: SpanType.CHAT_MODEL }, (llm) => llm.setTokenUsage({ input_tokens: 3, output_tokens: 7 }));
        if (i === 1) throw new Error("wrong answer");
      }).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 3));
    }
  });
  await withRun({ name: "r1" }, async (run) => {
    ids.push(run.runId);
    for (let i = 0; i < 3; i++) {
      await withSpan(`r1-${i}`, () => undefined);
      await new Promise((r) => setTimeout(r, 3));
    }
    throw new Error("stop");
  }).catch(() => undefined);
  await withSpan("no-run", () => undefined);
  await flush();
  const source = getRuntime().store!;
  const traces = source.searchTraces({ maxResults: 100, orderBy: ["timestamp_ms ASC"] }).traces.map((t) => t.toJSON());
  return { traces, runs: ids.map((id) => source.getRun(id)!), ids };
}

let recorded: { traces: TraceJSON[]; runs: RunRecord[]; ids: string[] };

/** A store holding the recorded runs and traces. */
function filled(open: () => TraceStore): TraceStore {
  const store = open();
  for (const run of recorded.runs) store.saveRun(run);
  store.writeTraces(recorded.traces);
  return store;
}
beforeAll(async () => {
  recorded = await recordRuns();
});

const at = (name: string) => Date.parse(recorded.traces.find((t) => t.info.tags["mlflow.traceName"] === name)!.info.request_time);

describe.each([
  ["memory", () => new MemoryTraceStore()],
  ["sqlite", () => new SqliteTraceStore(join(dir, `runs-${Math.random()}.db`))],
] as [string, () => TraceStore][])("%s store: runs", (_kind, open) => {
  it("lists runs started in the same millisecond most recently saved first, whatever their IDs", () => {
    const store = open();
    const base = { experimentId: "0", status: "RUNNING", startTimeMs: 1_700_000_000_000, endTimeMs: null, parentRunId: null, params: {}, tags: {} } as const;
    const [first, second, third] = ["f", "a", "c"].map((hex) => hex.repeat(32));
    for (const [i, runId] of [first, second, third].entries()) store.saveRun({ ...base, runId, name: `same-ms-${i}` });
    store.saveRun({ ...base, runId: first, name: "same-ms-0", status: "FINISHED", endTimeMs: base.startTimeMs + 5 });
    expect(store.listRuns().map((r) => r.runId)).toEqual([third, second, first]);
    store.close();
  });

  it("lists runs most recently started first, each with its record and its traces counted", () => {
    const store = filled(open);
    const [r0] = recorded.ids;
    const runs = store.listRuns();
    expect(runs).toHaveLength(2);
    expect(runs[0]).toEqual({
      ...recorded.runs[1],
      name: "r1",
      status: "FAILED",
      traceCount: 3,
      errorCount: 0,
      firstTimestampMs: at("r1-0"),
      lastTimestampMs: at("r1-2"),
      totalTokens: 0,
    });
    expect(runs[1]).toMatchObject({ runId: r0, name: "r0", status: "FINISHED", params: { model: "m-small" }, tags: { suite: "qa" }, traceCount: 2, errorCount: 1, totalTokens: 20 });
    expect(runs[1].endTimeMs).toBeGreaterThanOrEqual(runs[1].startTimeMs);
    expect(store.listRuns({ runId: r0 }).map((r) => r.name)).toEqual(["r0"]);
    expect(store.listRuns({ runId: "0".repeat(32) })).toEqual([]);
    expect(store.listRuns({ maxResults: 1 }).map((r) => r.name)).toEqual(["r1"]);
    expect(store.listRuns({ experimentIds: ["42"] })).toEqual([]);
    expect(store.listRuns({ experimentIds: ["0"] })).toHaveLength(2);
    expect(() => store.listRuns({ maxResults: 1001 })).toThrow(RangeError);
    store.close();
  });

  it("saves a run (replacing it whole on the same ID) and reads it back; a run without traces is listed with none", () => {
    const store = open();
    const run: RunRecord = { runId: "a".repeat(32), experimentId: "0", name: "fresh", status: "RUNNING", startTimeMs: 1000, endTimeMs: null, parentRunId: null, params: { k: "v" }, tags: {} };
    store.saveRun(run);
    expect(store.getRun(run.runId)).toEqual(run);
    const ended = { ...run, status: "KILLED" as const, endTimeMs: 2000, tags: { why: "timeout" } };
    store.saveRun(ended);
    expect(store.getRun(run.runId)).toEqual(ended);
    expect(store.listRuns()).toEqual([{ ...ended, traceCount: 0, errorCount: 0, firstTimestampMs: null, lastTimestampMs: null, totalTokens: 0 }]);
    expect(store.getRun("b".repeat(32))).toBeUndefined();
    expect(() => store.saveRun({ ...run, runId: "" })).toThrow(TypeError);
    store.close();
  });

  it("finds a run's traces with the filter grammar", () => {
    const store = filled(open);
    const page = store.searchTraces({ filter: `metadata.\`mlflow.sourceRun\` = '${recorded.ids[0]}'`, orderBy: ["timestamp_ms ASC"] });
    expect(page.traces.map((t) => t.info.name)).toEqual(["r0-0", "r0-1"]);
    store.close();
  });
});
