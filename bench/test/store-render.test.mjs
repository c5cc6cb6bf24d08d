import { describe, expect, it } from "vitest";
import { carryOverStoreRuns, replaceStoreSection } from "../src/store/render.mjs";

const run = (spans, countMs) => ({
  traces: spans / 5,
  spans,
  jsonBytes: 100 * 2 ** 20,
  storeBytes: 80 * 2 ** 20,
  buildMs: 1000,
  binding: "node:sqlite",
  node: "v24.0.0",
  rows: [{ filter: "span.type = 'TOOL'", cliMs: 20, apiMs: 30, countMs, count: 5, pageSize: 5 }],
  stats: [{ options: { groupBy: "model" }, statsMs: countMs * 10, count: 7, groups: 2 }],
  loadAverage: 3.5,
});

describe("store section of RESULTS.md", () => {
  it("adds a run's table once, replaces it on the next run, and keeps tables of other sizes", () => {
    let md = replaceStoreSection("# traceloom benchmarks\n", run(500_000, 50));
    expect(md).toContain("## Local store queries at size");
    expect(md).toContain("**0.80×**");
    expect(md).toContain("| `span.type = 'TOOL'` |");
    expect(md).toContain('| `{"groupBy":"model"}` | 500 ms | 7 | 2 | **missed** |');
    expect(md).toContain("Load average at the end of the run: 3.50");
    md = replaceStoreSection(md, run(1_000_000, 1500));
    md = replaceStoreSection(md, run(500_000, 60));
    expect(md.match(/## Local store queries at size/g)).toHaveLength(1);
    expect(md.match(/store-queries:500000:start/g)).toHaveLength(1);
    expect(md).toContain("**missed**");
    const regenerated = carryOverStoreRuns(md, replaceStoreSection("# fresh\n", run(500_000, 70)));
    expect(regenerated.match(/store-queries:1000000:start/g)).toHaveLength(1);
    expect(regenerated.match(/store-queries:500000:start/g)).toHaveLength(1);
  });
});
