import { afterEach, describe, expect, it } from "vitest";
import { configure, shutdown, startSpan, updateCurrentTrace, withSpan } from "../../src/index.js";
import type { PendingTrace, SinkQueue } from "../../src/export/export-queue.js";
import type { TraceSink } from "../../src/export/trace-sink.js";
import { traceFromParts, type TraceParts } from "../../src/tracer/trace-parts.js";
import { maxBytes, readTexts, writeTexts } from "../../src/store/writer/shared-ring.js";
import { addPieces, tracesFromPieces } from "../../src/store/writer/store-trace.js";

afterEach(() => shutdown());

type Finished = PendingTrace & { storeParts(): TraceParts; spanTexts(): string[] };

/** Runs `record` and returns the finished traces exactly as the pipeline pushes them to a queue. */
async function finished(record: () => void): Promise<Finished[]> {
  const got: Finished[] = [];
  const sink: TraceSink = {
    name: "grab",
    export() {},
    createQueue(): SinkQueue {
      return {
        sink,
        push: (t) => void got.push(t as Finished),
        pending: 0,
        flush: async () => {},
        flushSync() {},
        beginClose() {},
        stats: () => ({ sink: "grab", queued: 0, exported: 0, dropped: 0, droppedQueueFull: 0, failedAttempts: 0 }),
      };
    },
  };
  await configure({ trackingUri: "memory:", disableLocalStore: true, sinks: [sink], maxFieldBytes: 2_000 });
  record();
  return got;
}

function varied(): void {
  withSpan({ name: "agent", spanType: "AGENT", inputs: { messages: [{ role: "system", content: "be brief" }, { role: "user", content: "wie spät? 🕰" }] } }, (root) => {
    updateCurrentTrace({ tags: { env: "prod", n: 3 }, metadata: { "mlflow.trace.user": "u-1" }, clientRequestId: "req-9" });
    withSpan({ name: "search", spanType: "TOOL", inputs: { q: "x\u0000y \ud800 lone" } }, (s) => {
      s.recordException(new TypeError("bad\nthing"));
      return { hits: [1, 2.5, -0, null, true] };
    });
    withSpan({ name: "big", spanType: "LLM", inputs: "z".repeat(5_000) }, () => ({ choices: [{ message: { role: "assistant", content: "ok" } }] }));
    root.setAttribute("custom", { nested: ["a", { b: 1 }] });
    return { choices: [{ message: { role: "assistant", content: "answer" } }] };
  });
  withSpan({ name: "plain", inputs: [1, 2, 3] }, () => "text output");
  const open = startSpan({ name: "left-open" });
  withSpan({ name: "child", parent: open }, () => 1);
}

/** Parts through the trip the writer thread's batches take: texts, written as UTF-8 one after another, read back. */
function roundTrip(parts: TraceParts[]): { back: TraceParts[]; texts: string[]; counts: number[] } {
  const texts: string[] = [];
  const counts = parts.map((p) => addPieces(p, texts));
  const bytes = Buffer.alloc(maxBytes(texts));
  const lengths: number[] = [];
  writeTexts(bytes, 0, texts, lengths);
  return { back: tracesFromPieces(readTexts(bytes, 0, lengths), counts) as TraceParts[], texts, counts };
}

describe("traces handed to the store's writer thread as parts", () => {
  it("build exactly the JSON, info and span texts the trace itself gives, after the trip through bytes", async () => {
    const traces = await finished(varied);
    expect(traces.length).toBe(2);
    const { back } = roundTrip(traces.map((t) => t.storeParts()));
    traces.forEach((t, i) => {
      const viaParts = traceFromParts(back[i]);
      // The parts went first, so the root's captured values gave their previews; toJSON now parses the encoded text.
      const direct = t.toJSON();
      expect(JSON.stringify(viaParts.trace)).toBe(JSON.stringify(direct));
      expect(viaParts.spanTexts).toEqual(t.spanTexts());
    });
  });

  it("long attribute values cross as their JSON text, not escaped again: a head, then one text per long value", async () => {
    const long = `say "hi" ${"and more ".repeat(40)}`;
    const [t] = await finished(() => withSpan({ name: "one", inputs: { q: long } }, () => 2));
    const parts = t.storeParts();
    const { texts, counts, back } = roundTrip([parts]);
    expect(counts).toEqual([2]);
    expect(texts[1]).toBe(JSON.stringify({ q: long }));
    // Short values (here the span type) stay in the head.
    expect(texts[0]).toContain(JSON.stringify('"UNKNOWN"'));
    expect(back).toEqual([parts]);
  });

  it("a long value that is not well-formed UTF-16 stays in the head, whose JSON escapes it, and comes back unchanged", () => {
    const lone = `"lone ${String.fromCharCode(0xd800)} ${"x".repeat(300)}"`;
    const status = { code: "STATUS_CODE_OK", message: "" } as const;
    const parts: TraceParts = ["tr-1", "AQ==", "0", 0, { tags: {}, metadata: {} }, [["01", null, "s", 1, 2, [], status, ["k", lone]]]];
    const { texts, counts, back } = roundTrip([parts, parts]);
    expect(counts).toEqual([1, 1]);
    expect(texts[0]).toContain("\\ud800");
    expect(back).toEqual([parts, parts]);
  });
});
