import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatTrace, Trace } from "../src/index.js";

const load = (name: string) => Trace.fromJSON(readFileSync(join(__dirname, "fixtures/mlflow-reference", name), "utf8"));

describe("formatTrace", () => {
  it("renders the span tree with types, durations, status and token usage", () => {
    const text = formatTrace(load("agent-tools.json"), { color: false });
    expect(text.split("\n")).toEqual([
      "Trace tr-0b29ebcaca49d37ff8567c7b3eef27c9  OK  25 ms  5 spans  tokens 120→30 (150)",
      "weather_agent [AGENT] 26 ms ✓",
      "├─ plan [LLM] 0.09 ms ✓  tokens 50→10 (60)",
      "├─ get_weather [TOOL] 0.10 ms ✓",
      "├─ search_docs [RETRIEVER] 0.04 ms ✓",
      "└─ respond [LLM] 0.04 ms ✓  tokens 70→20 (90)",
    ]);
  });

  it("marks failures and can preview inputs and outputs", () => {
    const text = formatTrace(load("error.json"), { color: false, previewChars: 40 });
    expect(text).toContain("Trace tr-0952d28e12607a88a40e201ad406ecb2  ERROR  26 ms  2 spans");
    expect(text).toContain("pipeline [CHAIN] 26 ms ✗ ValueError: bad input: 7");
    expect(text).toContain("└─ flaky_tool [TOOL] 0.75 ms ✗ ValueError: bad input: 7");
    expect(text).toContain('     in:  {"x":7}');
  });

  it("colours only when asked", () => {
    expect(formatTrace(load("chat-llm.json"), { color: true })).toContain("\x1b[");
    expect(formatTrace(load("chat-llm.json"), { color: false })).not.toContain("\x1b[");
  });
});
