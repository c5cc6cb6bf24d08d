import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { configure, exportStats, flush, JsonlSink, shutdown, Trace, TraceClient } from "../../src/index.js";
import { setEnv } from "./helpers/env.js";
import { recordAgentTrace } from "./helpers/sample-trace.js";

let dir: string;
let restoreEnv: () => void = () => {};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "traceloom-jsonl-"));
});
afterEach(async () => {
  await shutdown();
  restoreEnv();
  rmSync(dir, { recursive: true, force: true });
});

const readLines = (path: string) => readFileSync(path, "utf8").split("\n");

describe("JSONL sink", () => {
  it("appends one MLflow trace per line, identical to the stored trace (TRACELOOM_JSONL_PATH)", async () => {
    const path = join(dir, "logs", "requests.jsonl");
    restoreEnv = setEnv({ TRACELOOM_JSONL_PATH: path });
    await configure({ trackingUri: "memory:" });
    const first = await recordAgentTrace("first?");
    const second = await recordAgentTrace("second?");
    await flush();

    const lines = readLines(path);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe("");
    const traces = lines.slice(0, 2).map((l) => Trace.fromJSON(l));
    expect(traces.map((t) => t.traceId)).toEqual([first.traceId, second.traceId]);
    const stored = await new TraceClient().getTrace(first.traceId);
    expect(JSON.parse(lines[0])).toEqual(stored!.toJSON());
    expect(traces[1].rootSpan?.inputs).toEqual({ question: "second?" });
    expect(exportStats().map((s) => s.sink)).toEqual(["store:memory:", `jsonl:${path}`]);
  });

  it("writes synchronously at exit (exportSync) what is still queued", async () => {
    const path = join(dir, "sync.jsonl");
    const sink = new JsonlSink(path);
    await configure({ trackingUri: "memory:", disableLocalStore: true, sinks: [sink], queue: { scheduleDelayMs: 60_000 } });
    const rec = await recordAgentTrace();
    expect(exportStats()[0].queued).toBe(1);

    (await import("../../src/runtime.js")).getRuntime().pipeline.flushSync();
    expect(exportStats()[0]).toEqual(expect.objectContaining({ queued: 0, exported: 1 }));
    expect(Trace.fromJSON(readLines(path)[0]).traceId).toBe(rec.traceId);
  });
});
