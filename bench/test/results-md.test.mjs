import { describe, expect, it } from "vitest";
import { renderResults } from "../src/results-md.mjs";
import { fixtureResults } from "./fixture.mjs";

describe("renderResults", () => {
  const md = renderResults(fixtureResults());

  it("names the command that produced it and the load caveat", () => {
    expect(md).toContain("pnpm bench   # = turbo run build && pnpm --filter @traceloom/bench bench");
    expect(md).toContain("**Load caveat.**");
    expect(md).toContain("Load average (1 min) at start / end: 1.00 / 2.00");
  });

  it("puts MLflow's published figure and the ratio beside each caller-path row", () => {
    expect(md).toContain("| 10 KB | 1 span | 10,000 | 0.0010 ms | 0.0310 ms | 0.0300 ms | 0.0600 ms | 0.0150 ms | 0.0075 ms | ~1 ms | ×66.67 |");
    expect(md).toContain("| 10 MB | 1 span |");
    expect(md).toContain("~150 ms | ×7.50 |");
  });

  it("marks missed targets", () => {
    expect(md).toContain("| caller's path ≤ 0.05 ms at 10 KB (10 spans; median, worse of sync/async) | 0.0900 ms | **missed** |");
  });

  it("shows each peer's ratio to traceloom and what it recorded, and a peer's error instead of a number", () => {
    expect(md).toContain("| openllmetry | 1.15 ms | 2.00 ms | 0.1500 ms (IQR 0.140 … 0.160) | 0.1500 ms | 0.1500 ms | 0.1500 ms | 0.3000 ms | ×1.50 | 3,401 / 4,401 |");
    expect(md).toContain("| langfuse | failed |");
    expect(md).toContain("  - could not run: `Error: cannot reach`");
  });

  it("gives the store's throughput under the tracer's trace IDs and under random ones", () => {
    expect(md).toContain("| `SqliteTraceStore.writeTraces`, batches of 128, the tracer's trace IDs | 10,112 | 4000 ms | 2,528 |");
    expect(md).toContain("| `SqliteTraceStore.writeTraces`, batches of 128, random trace IDs | 10,112 | 8000 ms | 1,264 |");
  });

  it("reports the stalled exporter's drops from exportStats()", () => {
    expect(md).toContain("| 5.6 MB | 25.0 MB | 10.0 MB | 0.0100 ms | 1 | 2,048 | 97,825 (97,825) | 0 | still waiting |");
  });
});
