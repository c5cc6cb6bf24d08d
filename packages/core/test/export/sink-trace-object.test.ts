import { afterEach, describe, expect, it } from "vitest";
import { configure, flush, shutdown, withSpan, type TraceJSON } from "../../src/index.js";

afterEach(async () => {
  await shutdown();
});

/** A sink keeping what it is handed. */
function keepingSink() {
  const received: TraceJSON[] = [];
  return { received, sink: { name: "keeping", export: (traces: TraceJSON[]) => void received.push(...traces) } };
}

describe("the trace object a sink receives", () => {
  it("is an ordinary { info, data } object: JSON text, spread, structured clone and assignment all behave", async () => {
    const { received, sink } = keepingSink();
    await configure({ sinks: [sink], disableLocalStore: true });
    await withSpan("root", (s) => {
      s.setInputs({ messages: [{ role: "user", content: "hello?" }] });
      s.setOutputs("hi");
    });
    await flush();
    expect(received).toHaveLength(1);
    const trace = received[0];
    expect(Object.keys(trace)).toEqual(["info", "data"]);
    const text = JSON.stringify(trace);
    expect(text.startsWith('{"info":{"trace_id":"tr-')).toBe(true);
    const parsed = JSON.parse(text) as TraceJSON;
    expect(parsed.info.request_preview).toBe("hello?");
    expect(parsed.info.trace_metadata["mlflow.trace.sizeBytes"]).toBe(String(Buffer.byteLength(JSON.stringify(parsed.data.spans[0]))));
    expect({ ...trace }).toEqual(parsed);
    expect(structuredClone(trace)).toEqual(parsed);
    expect(trace.info).toBe(trace.info);
    const replaced = { ...trace.info, request_preview: "changed" };
    trace.info = replaced;
    expect(trace.info).toBe(replaced);
  });

  it("gives a sink that never reads info the same spans", async () => {
    const { received, sink } = keepingSink();
    const spansOnly: unknown[] = [];
    await configure({ sinks: [sink, { name: "spans-only", export: (traces: TraceJSON[]) => void spansOnly.push(...traces.map((t) => t.data.spans)) }], disableLocalStore: true });
    await withSpan("root", () => withSpan("child", () => 1));
    await flush();
    expect(spansOnly).toEqual([received[0].data.spans]);
    expect(received[0].data.spans.map((s) => s.name)).toEqual(["root", "child"]);
  });
});
