import { afterEach, describe, expect, it } from "vitest";
import { configure, shutdown, startSpan, updateCurrentTrace, withSpan } from "../../src/index.js";
import type { PendingTrace, SinkQueue } from "../../src/export/export-queue.js";
import type { TraceSink } from "../../src/export/trace-sink.js";
import { traceFromParts, type TraceParts } from "../../src/tracer/trace-parts.js";
import { parseJoined, writeJoined } from "../../src/store/writer/shared-ring.js";
import { traceText } from "../../src/store/writer/store-trace.js";

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

describe("traces handed to the store's writer thread as parts", () => {
  it("build exactly the JSON, info and span texts the trace itself gives, after the trip through text", async () => {
    const traces = await finished(varied);
    expect(traces.length).toBe(2);
    for (const t of traces) {
      const parts = JSON.parse(traceText(t.storeParts())) as TraceParts;
      const viaParts = traceFromParts(parts);
      // The parts went first, so the root's captured values gave their previews; toJSON now parses the encoded text.
      const direct = t.toJSON();
      expect(JSON.stringify(viaParts.trace)).toBe(JSON.stringify(direct));
      expect(viaParts.spanTexts).toEqual(t.spanTexts());
    }
  });

  it("a batch's bytes are its traces' texts joined by commas, read back one by one", async () => {
    const traces = await finished(varied);
    const texts = traces.map((t) => traceText(t.storeParts()));
    const lengths = texts.map((x) => Buffer.byteLength(x));
    const bytes = Buffer.alloc(lengths.reduce((n, l) => n + l + 1, 0));
    writeJoined(bytes, 0, texts, lengths);
    expect(bytes.toString("utf8", 0, bytes.length - 1)).toBe(texts.join(","));
    expect(parseJoined(bytes, 0, lengths)).toEqual(texts.map((x) => JSON.parse(x)));
  });
});
