import { describe, expect, it } from "vitest";
import { median, medianOfRoundMedians, overhead, quantile, summarize } from "../src/stats.mjs";

describe("stats", () => {
  it("interpolates quantiles between ranks, whatever the input order", () => {
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantile([10, 20, 30, 40, 50], 0.9)).toBe(46);
    expect(quantile([7], 0.9)).toBe(7);
    expect(Number.isNaN(quantile([], 0.5))).toBe(true);
  });

  it("does not reorder the caller's samples", () => {
    const samples = [3, 1, 2];
    median(samples);
    expect(samples).toEqual([3, 1, 2]);
  });

  it("summarizes count, median and p90", () => {
    expect(summarize([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toEqual({ n: 10, median: 5.5, p90: 9.1 });
  });

  it("takes the median of per-round medians, so one slow round moves one value", () => {
    expect(medianOfRoundMedians([[1, 1, 1], [2, 2, 2], [100, 100, 100], []])).toBe(2);
  });

  it("reports overhead as differences of medians and p90s", () => {
    const o = overhead([11, 12, 13, 14, 15], [10, 10, 10, 10, 10]);
    expect(o.median).toBe(3);
    expect(o.p90).toBeCloseTo(4.6, 10);
  });
});
