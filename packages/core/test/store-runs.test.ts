import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configure, flush, getRuntime, MemoryTraceStore, SpanType, SqliteTraceStore, withRun, withSpan, type TraceJSON, type TraceStore } from "../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "traceloom-runs-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Run "r0" (2 traces, 1 failing, params), then "r1" (3 traces, ended FAILED), then one trace outside any run. */
async function recordRuns(): Promise<{ traces: TraceJSON[]; ids: string[] }> {
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
  const traces = getRuntime().store!.searchTraces({ maxResults: 100, orderBy: ["timestamp_ms ASC"] }).traces.map((t) => t.toJSON());
  return { traces, ids };
}

let recorded: { traces: TraceJSON[]; ids: string[] };
beforeAll(async () => {
  recorded = await recordRuns();
});

const at = (name: string) => Date.parse(recorded.traces.find((t) => t.info.tags["mlflow.traceName"] === name)!.info.request_time);

describe.each([
  ["memory", () => new MemoryTraceStore()],
  ["sqlite", () => new SqliteTraceStore(join(dir, `runs-${Math.random()}.db`))],
] as [string, () => TraceStore][])("%s store: listRuns", (_kind, open) => {
  it("groups traces by mlflow.sourceRun, most recently active first, with the run's record and counts", () => {
    const store = open();
    store.writeTraces(recorded.traces);
    const [r0, r1] = recorded.ids;
    const runs = store.listRuns();
    expect(runs).toHaveLength(2);
    expect(runs[0]).toMatchObject({ runId: r1, name: "r1", status: "FAILED", traceCount: 3, errorCount: 0, firstTimestampMs: at("r1-0"), lastTimestampMs: at("r1-2"), totalTokens: 0, params: {}, parentRunId: null });
    expect(runs[1]).toMatchObject({ runId: r0, name: "r0", status: "FINISHED", params: { model: "m-small" }, tags: { suite: "qa" }, traceCount: 2, errorCount: 1, totalTokens: 20 });
    expect(runs[1].endTimeMs).toBeGreaterThanOrEqual(runs[1].startTimeMs!);
    expect(store.listRuns({ runId: r0 }).map((r) => r.name)).toEqual(["r0"]);
    expect(store.listRuns({ runId: "0".repeat(32) })).toEqual([]);
    expect(store.listRuns({ maxResults: 1 }).map((r) => r.name)).toEqual(["r1"]);
    expect(store.listRuns({ experimentIds: ["42"] })).toEqual([]);
    expect(store.listRuns({ experimentIds: ["0"] })).toHaveLength(2);
    expect(() => store.listRuns({ maxResults: 1001 })).toThrow(RangeError);
    store.close();
  });

  it("finds a run's traces with the filter grammar", () => {
    const store = open();
    store.writeTraces(recorded.traces);
    const page = store.searchTraces({ filter: `metadata.\`mlflow.sourceRun\` = '${recorded.ids[0]}'`, orderBy: ["timestamp_ms ASC"] });
    expect(page.traces.map((t) => t.info.name)).toEqual(["r0-0", "r0-1"]);
    store.close();
  });

  it("answers a run without a record (imported from MLflow) with null name and status, and none for a store without runs", () => {
    const store = open();
    expect(store.listRuns()).toEqual([]);
    const [first] = recorded.traces;
    const imported: TraceJSON = { ...first, info: { ...first.info, trace_id: `tr-${"ab".repeat(16)}`, tags: {}, trace_metadata: { ...first.info.trace_metadata, "mlflow.sourceRun": "c".repeat(32) } } };
    store.writeTraces([imported]);
    expect(store.listRuns()).toEqual([expect.objectContaining({ runId: "c".repeat(32), name: null, status: null, traceCount: 1 })]);
    store.close();
  });
});
