import { describe, expect, it } from "vitest";
import { geminiSection } from "../src/gemini/render.mjs";
import { renderResults } from "../src/results-md.mjs";
import { fixtureResults } from "./fixture.mjs";

const summary = (median) => ({ median, p90: median * 2 });
const gemini = {
  rounds: 2,
  callsPerRound: 3,
  warmupCalls: 4,
  calls: 6,
  expectedSpans: 11,
  rows: [
    { sdk: "openai", name: "baseline", summary: summary(1), cpuMsPerCall: 0.5, recorded: null },
    { sdk: "openai", name: "traceloom-sink", summary: summary(1.05), cpuMsPerCall: 0.6, recorded: 11, overhead: { pairedMedian: 0.05, pairedIqr: [0.04, 0.06], cpuPerCall: 0.1 } },
    { sdk: "gemini", name: "baseline", summary: summary(2), cpuMsPerCall: 0.9, recorded: null },
    { sdk: "gemini", name: "traceloom-sink", summary: summary(2.08), cpuMsPerCall: 1.1, recorded: 10, overhead: { pairedMedian: 0.08, pairedIqr: [0.07, 0.09], cpuPerCall: 0.2 } },
  ],
};

describe("the Gemini overhead section", () => {
  it("puts the Gemini plugin's row beside the OpenAI plugin's, each against its own baseline, with what it recorded", () => {
    const md = geminiSection(gemini);
    expect(md).toContain("| `openai` 6 | traceloom-sink | 1.05 ms | 0.0500 ms (IQR 0.040 … 0.060) | 0.1000 ms | 11 / 11 |");
    expect(md).toContain("| `@google/genai` 3 | traceloom-sink | 2.08 ms | 0.0800 ms (IQR 0.070 … 0.090) | 0.2000 ms | 10 / 11 |");
    expect(md).toContain("| `@google/genai` 3 | baseline | 2.00 ms | — | 0.9000 ms | — |");
  });

  it("is part of RESULTS.md when the run has it, right after the OpenAI section", () => {
    const md = renderResults({ ...fixtureResults(), gemini });
    expect(md.indexOf("## Gemini autolog")).toBeGreaterThan(md.indexOf("## OpenAI autolog"));
    expect(renderResults(fixtureResults())).not.toContain("## Gemini autolog");
  });
});
