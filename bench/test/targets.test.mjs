import { describe, expect, it } from "vitest";
import { targetChecks } from "../src/targets.mjs";
import { fixtureResults } from "./fixture.mjs";

describe("targetChecks", () => {
  const checks = targetChecks(fixtureResults());

  it("checks each caller-path row that has a target, on the worse of sync and async", () => {
    const caller = checks.filter((c) => c.target.startsWith("caller's path"));
    expect(caller.map((c) => [c.measured, c.met])).toEqual([
      [0.03, true],
      [0.09, false],
      [2, true],
    ]);
    expect(caller[1].target).toContain("≤ 0.05 ms at 10 KB (10 spans");
  });

  it("compares each traceloom configuration with the lowest peer that ran (traceloom's other rows are not peers)", () => {
    const openai = checks.filter((c) => c.target.startsWith("OpenAI"));
    expect(openai.map((c) => [c.measured, c.met])).toEqual([
      [0.1, true],
      [0.2, false],
    ]);
    expect(openai[0].target).toContain("lowest: openllmetry, 0.1500 ms");
  });

  it("does not count traceloom's other plugins measured in the same rounds as peers", () => {
    const results = fixtureResults();
    const ours = results.openai.configs.find((c) => c.name === "traceloom-sink");
    results.openai.configs.push({ ...ours, name: "anthropic-traceloom-sink", overhead: { ...ours.overhead, pairedMedian: 0.01 } });
    const first = targetChecks(results).find((c) => c.target.startsWith("OpenAI"));
    expect(first?.target).toContain("lowest: openllmetry");
  });

  it("has no OpenAI check when no peer produced a number", () => {
    const results = fixtureResults();
    results.openai.configs = results.openai.configs.filter((c) => c.name !== "openllmetry");
    expect(targetChecks(results).some((c) => c.target.startsWith("OpenAI"))).toBe(false);
  });
});
