import { describe, expect, it } from "vitest";
import { withSpan } from "../src/index.js";
import { jsonByteLength } from "../src/serialize/json-size.js";
import { lastTrace, useMemoryStore } from "./helpers.js";

const bytesOf = (v: unknown) => Buffer.byteLength(JSON.stringify(v));

describe("jsonByteLength", () => {
  it("equals the UTF-8 size of JSON.stringify for every kind of JSON data and every escape", () => {
    const samples: unknown[] = [
      "",
      "plain ascii",
      'quote " backslash \\ slash /',
      "controls \b\f\n\r\t \u0000 \u0001 \u001f \u007f",
      "latin é ñ ß, greek Ωμέγα, cjk 漢字, emoji 🙂👩‍💻",
      "lone high \ud800 x, lone low \udc00, reversed \udc00\ud800, trailing \ud83d",
      "\u2028\u2029 separators",
      0, -0, 1.5, -12.25, 1e21, 1e-7, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY,
      true, false, null,
      [], {}, [1, "two", null, undefined, [3, { four: 4 }]],
      { a: undefined, b: 1, "key \"quoted\" é": "v", nested: { deep: [{}, []] }, fn: () => 1 },
      JSON.parse(JSON.stringify({ span: { attributes: { "mlflow.spanInputs": JSON.stringify({ messages: [{ role: "user", content: 'say "hi" \\ 🙂' }] }) } } })),
    ];
    for (const v of samples) expect(jsonByteLength(v), JSON.stringify(v)).toBe(bytesOf(v));
  });

  it("equals it on random strings mixing every class of code unit", () => {
    const units = [0x00, 0x08, 0x0a, 0x1f, 0x20, 0x22, 0x41, 0x5c, 0x7f, 0x80, 0x7ff, 0x800, 0xd7ff, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xe000, 0xffff];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let round = 0; round < 300; round++) {
      const length = next() % 40;
      const s = String.fromCharCode(...Array.from({ length }, () => units[next() % units.length]));
      expect(jsonByteLength(s)).toBe(bytesOf(s));
    }
  });

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
