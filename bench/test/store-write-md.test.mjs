import { describe, expect, it } from "vitest";
import { storeWriteChecks, storeWriteSections } from "../src/store-write-md.mjs";

const overhead = (median) => ({ median, p90: median * 2 });

function results() {
  return {
    lockStall: [
      { mode: "untraced", lockMs: 3000, produced: 2500, stored: 0, dropped: 0, stallMedianMs: 1.1, stallP99Ms: 4, stallMaxMs: 9, afterP99Ms: 4, afterMaxMs: 8 },
      { mode: "before", lockMs: 3000, produced: 150, stored: 150, dropped: 0, stallMedianMs: 1.2, stallP99Ms: 40, stallMaxMs: 3040, afterP99Ms: 5, afterMaxMs: 9 },
      { mode: "writer-thread", lockMs: 3000, produced: 1500, stored: 1499, dropped: 0, stallMedianMs: 1.2, stallP99Ms: 4.5, stallMaxMs: 12, afterP99Ms: 6, afterMaxMs: 10 },
    ],
    burst: [
      { mode: "before", traces: 100_000, stored: 2048, dropped: 97_952, callerMsPerTrace: 0.05, totalMs: 6000, peakRssMB: 140 },
      { mode: "writer-thread", traces: 100_000, stored: 100_000, dropped: 0, callerMsPerTrace: 0.15, callerCpuMsPerTrace: 0.03, processCpuMsPerTrace: 0.26, totalMs: 60_000, peakRssMB: 250 },
    ],
    sqlite: { endToEnd: { traces: 10_000, totalMs: 1000, spansPerSecond: 30_000, callerMsPerTrace: 0.02, dropped: 0, stored: 10_001 } },
    openai: { configs: [{ name: "traceloom-sqlite", overhead: { cpuPerCall: 0.2 } }, { name: "openllmetry", overhead: { cpuPerCall: 0.25 } }] },
    captureCap: {
      cap: 1_000_000,
      iterations: 60,
      rows: [
        { label: "string, just under the cap", fieldChars: 990_002, overhead: overhead(0.01) },
        { label: "string, just over the cap", fieldChars: 1_010_002, overhead: overhead(0.012) },
        { label: "chat messages, just under the cap", fieldChars: 990_000, overhead: overhead(0.2) },
        { label: "chat messages, just over the cap", fieldChars: 1_010_000, overhead: overhead(0.5) },
        { label: "chat messages, 2 MB (1 MB over the cap)", fieldChars: 2_000_000, overhead: overhead(0.3) },
      ],
      tenMB: { callerMs: 1, stringifyMs: 20 },
    },
  };
}

describe("store-write checks", () => {
  const checks = storeWriteChecks(results());
  const find = (start) => checks.find((c) => c.target.startsWith(start));

  it("judges each issue-14 write target from the same run's numbers", () => {
    expect(find("event-loop stall p99")).toMatchObject({ measured: 4.5, met: true });
    expect(find("no trace lost while the write lock")).toMatchObject({ measured: -1, met: false });
    expect(find("100,000-trace burst: all stored")).toMatchObject({ measured: 0, met: true });
    expect(find("100,000-trace burst: caller per trace")?.measured).toBeCloseTo(3);
    expect(find("100,000-trace burst: caller per trace")?.met).toBe(false);
    expect(find("end-to-end throughput")).toMatchObject({ measured: 30_000, met: true });
    expect(find("OpenAI autolog CPU")).toMatchObject({ measured: 0.8, met: false });
    expect(find("capture: string just over")?.met).toBe(true);
    expect(find("capture: chat messages just over")?.met).toBe(false);
    expect(find("capture: 10 MB")).toMatchObject({ measured: 0.05, met: true });
  });

  it("has no check for a section that did not run", () => {
    expect(storeWriteChecks({})).toEqual([]);
  });

  it("renders one section per benchmark that ran", () => {
    const md = storeWriteSections(results()).join("\n\n");
    expect(md).toContain("| writer-thread | 100,000 | 0 | 0.1500 ms | ×3.00 | 0.0300 ms | 0.2600 ms | 60000 ms | 250 MB |");
    expect(md).toContain("| before | 2,048 | 97,952 | 0.0500 ms | ×1.00 | — | — | 6000 ms | 140 MB |");
    expect(md).toContain("| before | 150 | 150 | 0 | 1.20 ms | 40.00 ms | 3040 ms |");
    expect(md).toContain("| 10 MB in one span (two fields over the cap) | 10,000,000 | 1.00 ms | JSON.stringify: 20.00 ms (×0.05) |");
  });
});
