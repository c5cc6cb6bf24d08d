import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAI as createOpenAIv3 } from "@ai-sdk/openai-v3";
import { describe, expect, it } from "vitest";
import { autolog } from "../src/index.js";
import { agentScript, childrenInOrder, lastTrace, shapeOf, STEP_USAGE, twoTools, useFakeAndStore } from "./helpers.js";

const fake = useFakeAndStore();

/**
 * The releases under test beyond the current ones (which every other test runs on): the first of ai 7, and the
 * first ai 6 with the global telemetry list (6.0.111) — each with the OpenAI provider of its major.
 */
const VERSIONS = {
  "7.0.0": { ai: () => import("ai-7-0"), createOpenAI },
  "6.0.111": { ai: () => import("ai-6-0-111"), createOpenAI: createOpenAIv3 as unknown as typeof createOpenAI },
} as const;

describe.each(Object.keys(VERSIONS) as Array<keyof typeof VERSIONS>)("ai %s", (version) => {
  it("the two-tool loop and a consumed stream are recorded as their trees, tokens per step", async () => {
    const ai = (await VERSIONS[version].ai()) as unknown as typeof import("ai");
    autolog();
    const model = VERSIONS[version].createOpenAI({ baseURL: fake().url, apiKey: "test" })("gpt-4o-mini");
    fake().script(...agentScript());
    const r = await ai.generateText({ model, prompt: "Weather in Paris, and 2+3?", tools: twoTools(ai.tool), stopWhen: ai.stepCountIs(5) });
    expect(r.text).toBe("Sunny in Paris, and 2 + 3 = 5.");
    const agent = await lastTrace();
    expect(shapeOf(agent)).toEqual([
      "generateText AGENT",
      ["chat gpt-4o-mini CHAT_MODEL", "weather TOOL", "chat gpt-4o-mini CHAT_MODEL", "add TOOL", "chat gpt-4o-mini CHAT_MODEL"],
    ]);
    expect(childrenInOrder(agent).filter((s) => s.spanType === "CHAT_MODEL").map((s) => s.tokenUsage?.total_tokens)).toEqual(STEP_USAGE.map((s) => s.input + s.output));

    const stream = ai.streamText({ model, prompt: "one two" });
    await stream.consumeStream();
    expect(shapeOf(await lastTrace())).toEqual(["streamText CHAIN", ["chat gpt-4o-mini CHAT_MODEL"]]);
  });
});
