import { describe, expect, it } from "vitest";
import { withSpan } from "../src/index.js";
import { lastTrace, useMemoryStore } from "./helpers.js";

const bytesOf = (v: unknown) => Buffer.byteLength(JSON.stringify(v));

describe("trace size stats", () => {
  it("gives the trace size stats the byte size of each span's JSON", async () => {
    await useMemoryStore();
    await withSpan("root é", (s) => {
      s.setInputs({ q: 'a "quoted" question 🙂' });
      s.addEvent("step", { n: 1, flags: [true, false], text: "x\ny" });
      s.setOutputs(["answer", 42]);
    });
    const t = await lastTrace();
    const json = t.toJSON();
    const spanBytes = json.data.spans.map((span) => bytesOf(span));
    expect(json.info.trace_metadata["mlflow.trace.sizeBytes"]).toBe(String(spanBytes.reduce((a, b) => a + b, 0)));
  });
});
