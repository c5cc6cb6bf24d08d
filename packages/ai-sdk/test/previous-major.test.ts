import { createOpenAI } from "@ai-sdk/openai-v3";
import { generateText, stepCountIs, tool } from "ai-v6";
import { describe, expect, it, vi } from "vitest";
import { autolog } from "../src/index.js";
import { agentScript, allTraces, twoTools, useFakeAndStore } from "./helpers.js";

const fake = useFakeAndStore();

/**
 * ai 6 reads the same global telemetry list, but its interface has no call identity and no error events, so a
 * trace could not be told apart from a concurrent one nor ended on failure: autolog() leaves ai 6 alone, says so
 * once, and changes nothing for it.
 */
describe("ai 6 (previous major)", () => {
  it("runs exactly as without autolog, records nothing and warns once", async () => {
    const run = async () => {
      fake().reset();
      fake().script(...agentScript());
      const openai = createOpenAI({ baseURL: fake().url, apiKey: "test" });
      const r = await generateText({ model: openai("gpt-4o-mini"), prompt: "go", tools: twoTools(tool as never) as any, stopWhen: stepCountIs(5) });
      return { text: r.text, steps: r.steps.length, usage: r.totalUsage };
    };
    const plain = await run();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      autolog();
      expect(await run()).toEqual(plain);
      expect(await run()).toEqual(plain);
      expect(plain).toMatchObject({ text: "Sunny in Paris, and 2 + 3 = 5.", steps: 3 });
      expect(await allTraces()).toHaveLength(0);
      const ours = warn.mock.calls.filter((c) => String(c[0]).includes("ai 7"));
      expect(ours).toHaveLength(1);
    } finally {
      warn.mockRestore();
    }
  });
});
