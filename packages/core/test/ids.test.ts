import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { base64ToHex, hexToBase64 } from "../src/index.js";
import { newOtelSpanId, newOtelTraceId } from "../src/entities/ids.js";

describe("IDs", () => {
  it("converts hex to base64 exactly as a Buffer does, for IDs and any other length or case", () => {
    for (let bytes = 0; bytes <= 40; bytes++) {
      const hex = randomBytes(bytes).toString("hex");
      expect(hexToBase64(hex)).toBe(Buffer.from(hex, "hex").toString("base64"));
      expect(hexToBase64(hex.toUpperCase())).toBe(Buffer.from(hex, "hex").toString("base64"));
      expect(base64ToHex(hexToBase64(hex))).toBe(hex);
    }
    for (const odd of ["abc", "zz00", "00zz", "0g", "é1", "12 4"]) {
      expect(hexToBase64(odd)).toBe(Buffer.from(odd, "hex").toString("base64"));
    }
  });

  it("makes distinct, well-formed trace and span IDs across pool refills", () => {
    const spans = new Set<string>();
    for (let i = 0; i < 3000; i++) {
      const id = newOtelSpanId();
      expect(id).toMatch(/^[0-9a-f]{16}$/);
      spans.add(id);
    }
    expect(spans.size).toBe(3000);
    const traces = new Set(Array.from({ length: 1000 }, () => newOtelTraceId()));
    for (const id of traces) expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(traces.size).toBe(1000);
  });
});
