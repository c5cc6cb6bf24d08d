import { createOpenAI } from "@ai-sdk/openai";
import { autolog as openaiAutolog } from "@traceloom/openai";
import { generateText, stepCountIs, tool } from "ai";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { autolog } from "../src/index.js";
import { agentScript, childrenInOrder, lastTrace, shapeOf, STEP_USAGE, twoTools, useFakeAndStore } from "./helpers.js";
import { openaiSdkModel } from "./openai-sdk-model.js";

const fake = useFakeAndStore();
afterEach(() => openaiAutolog({ disable: true }));

const TOTAL = STEP_USAGE.reduce((t, s) => ({ input_tokens: t.input_tokens + s.input, output_tokens: t.output_tokens + s.output, total_tokens: t.total_tokens + s.input + s.output }), { input_tokens: 0, output_tokens: 0, total_tokens: 0 });

describe("with the OpenAI autolog also on", () => {
  it("a provider built on the openai SDK: each request once, nested under its step, tokens counted once", async () => {
    autolog();
    openaiAutolog({ silent: true });
    fake().script(...agentScript());
    const result = await generateText({ model: openaiSdkModel(fake().url), prompt: "Weather in Paris, and 2+3?", tools: twoTools(), stopWhen: stepCountIs(5) });
    expect(result.text).toBe("Sunny in Paris, and 2 + 3 = 5.");
    expect(fake().requests).toHaveLength(3);
    const trace = await lastTrace();
    const request = ["ChatCompletions CHAT_MODEL"];
    expect(shapeOf(trace)).toEqual([
      "generateText AGENT",
      [["chat gpt-4o-mini CHAT_MODEL", request], "weather TOOL", ["chat gpt-4o-mini CHAT_MODEL", request], "add TOOL", ["chat gpt-4o-mini CHAT_MODEL", request]],
    ]);
    expect(trace.spans.filter((s) => s.name === "ChatCompletions")).toHaveLength(3);
    expect(trace.tokenUsage).toEqual(TOTAL);
  });

  it("@ai-sdk/openai (its own fetch): the tree is unchanged, one span per request", async () => {
    autolog();
    openaiAutolog({ silent: true });
    fake().script(...agentScript());
    const openai = createOpenAI({ baseURL: fake().url, apiKey: "test" });
    await generateText({ model: openai("gpt-4o-mini"), prompt: "Weather in Paris, and 2+3?", tools: twoTools(), stopWhen: stepCountIs(5) });
    const trace = await lastTrace();
    expect(trace.spans.filter((s) => s.spanType === "CHAT_MODEL")).toHaveLength(fake().requests.length);
    expect(trace.tokenUsage).toEqual(TOTAL);
  });
});

describe("nesting", () => {
  it("an AI SDK call inside a tool's execute nests under that tool's span", async () => {
    autolog();
    const openai = createOpenAI({ baseURL: fake().url, apiKey: "test" });
    const tools = {
      ask: tool({
        description: "Asks a sub-agent",
        inputSchema: z.object({ q: z.string() }),
        execute: async ({ q }) => (await generateText({ model: openai("gpt-4o-mini"), prompt: q })).text,
      }),
    };
    fake().script({ toolCalls: [{ name: "ask", arguments: { q: "inner" } }] }, "inner answer", "outer answer");
    await generateText({ model: openai("gpt-4o-mini"), prompt: "outer", tools, stopWhen: stepCountIs(3) });
    const trace = await lastTrace();
    expect(shapeOf(trace)).toEqual([
      "generateText AGENT",
      ["chat gpt-4o-mini CHAT_MODEL", ["ask TOOL", [["generateText CHAIN", ["chat gpt-4o-mini CHAT_MODEL"]]]], "chat gpt-4o-mini CHAT_MODEL"],
    ]);
    expect(childrenInOrder(trace)[1].outputs).toBe("inner answer");
  });
});
