import { deflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { packList, packText, unpackJson } from "../../src/store/sqlite/payload-codec.js";

describe("stored payloads (one reused deflate engine)", () => {
  it("compress exactly as deflateRawSync does, call after call, whatever the size, and read back", () => {
    const texts = [
      JSON.stringify({ a: "x".repeat(10) }),
      JSON.stringify({ big: "word ".repeat(60_000), emoji: "🧵é" }),
      JSON.stringify([]),
      // Incompressible: random-looking text grows a little when deflated.
      JSON.stringify(Array.from({ length: 3_000 }, (_, i) => ((i * 2654435761) >>> 0).toString(36))),
      JSON.stringify({ again: "x".repeat(10) }),
    ];
    for (const text of texts) {
      const packed = packText(text);
      expect(Buffer.from(packed).equals(deflateRawSync(text, { level: 1 }))).toBe(true);
      expect(unpackJson(packed)).toEqual(JSON.parse(text));
    }
  });

  it("compress a list of JSON texts exactly as deflateRawSync does the JSON array of them", () => {
    const lists = [[], ['{"a":1}'], ['{"a":"é"}', '"🧵"', "[1,2]"], [JSON.stringify({ big: "span ".repeat(30_000) }), "null"]];
    for (const items of lists) {
      const packed = packList(items);
      const json = `[${items.join(",")}]`;
      expect(Buffer.from(packed).equals(deflateRawSync(json, { level: 1 }))).toBe(true);
      expect(unpackJson(packed)).toEqual(JSON.parse(json));
    }
    expect(Buffer.from(packText('{"after":"a list"}')).equals(deflateRawSync('{"after":"a list"}', { level: 1 }))).toBe(true);
  });
});
