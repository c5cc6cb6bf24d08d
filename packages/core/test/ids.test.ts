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

  it("starts trace IDs with their creation time, so they sort by it, and keeps the last 10 bytes random", async () => {
    const before = Date.now();
    const first = newOtelTraceId();
    await new Promise((r) => setTimeout(r, 5));
    const second = newOtelTraceId();
    expect(parseInt(first.slice(0, 12), 16)).toBeGreaterThanOrEqual(before);
    expect(parseInt(second.slice(0, 12), 16)).toBeLessThanOrEqual(Date.now());
    expect(first < second).toBe(true);
    const tails = Array.from({ length: 2000 }, () => newOtelTraceId().slice(12));
    expect(new Set(tails).size).toBe(2000);
    // Sampling reads the last 8 digits: they must spread evenly (here: both halves of the range get a fair share).
    const low = tails.filter((t) => parseInt(t.slice(-8), 16) < 0x8000_0000).length;
    expect(low).toBeGreaterThan(800);
    expect(low).toBeLessThan(1200);
  });
});
