import { withSpan } from "@traceloom/core";
import { autolog as openaiAutolog } from "@traceloom/openai";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { autolog } from "../src/index.js";
import { agentScript, allTraces, childrenInOrder, lastTrace, shapeOf, STEP_USAGE, twoTools, useFakeAndStore } from "./helpers.js";
import { MAJORS } from "./majors.js";
import { openaiSdkModel } from "./openai-sdk-model.js";

const fake = useFakeAndStore();
afterEach(() => openaiAutolog({ disable: true }));

const TOTAL = STEP_USAGE.reduce((t, s) => ({ input_tokens: t.input_tokens + s.input, output_tokens: t.output_tokens + s.output, total_tokens: t.total_tokens + s.input + s.output }), { input_tokens: 0, output_tokens: 0, total_tokens: 0 });

describe.each(MAJORS)("$name: with the OpenAI autolog also on", ({ ai, createOpenAI, specificationVersion }) => {
  const { generateText, stepCountIs } = ai;
  it("a provider built on the openai SDK: each request once, nested under its step, tokens counted once", async () => {
    autolog();
    openaiAutolog({ silent: true });
    fake().script(...agentScript());
    const result = await generateText({ model: openaiSdkModel(fake().url, specificationVersion) as never, prompt: "Weather in Paris, and 2+3?", tools: twoTools(ai.tool), stopWhen: stepCountIs(5) });
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
    await generateText({ model: openai("gpt-4o-mini"), prompt: "Weather in Paris, and 2+3?", tools: twoTools(ai.tool), stopWhen: stepCountIs(5) });
    const trace = await lastTrace();
    expect(trace.spans.filter((s) => s.spanType === "CHAT_MODEL")).toHaveLength(fake().requests.length);
    expect(trace.tokenUsage).toEqual(TOTAL);
  });
});

describe.each(MAJORS)("$name: nesting", ({ ai, createOpenAI }) => {
  const { generateText, stepCountIs, tool } = ai;
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

describe.each(MAJORS)("$name: inside the application's own spans", ({ ai, createOpenAI }) => {
  it("the operation nests under the enclosing span; work after it is not placed under the ended operation", async () => {
    autolog();
    fake().script("first", "second");
    const model = createOpenAI({ baseURL: fake().url, apiKey: "test" })("gpt-4o-mini");
    await withSpan("request", async () => {
      await ai.generateText({ model, prompt: "one" });
      await withSpan("after", async () => undefined);
      await ai.generateText({ model, prompt: "two" });
    });
    expect(shapeOf(await lastTrace())).toEqual([
      "request UNKNOWN",
      [["generateText CHAIN", ["chat gpt-4o-mini CHAT_MODEL"]], "after UNKNOWN", ["generateText CHAIN", ["chat gpt-4o-mini CHAT_MODEL"]]],
    ]);
  });
});

describe("ai 6 with per-call callbacks", () => {
  const { ai, specificationVersion } = MAJORS[1];
  it("experimental_onStepStart/onToolCallStart: the same tree, each request under its step", async () => {
    autolog();
    openaiAutolog({ silent: true });
    fake().script(...agentScript());
    const seen: string[] = [];
    await ai.generateText({
      model: openaiSdkModel(fake().url, specificationVersion) as never,
      prompt: "Weather in Paris, and 2+3?",
      tools: twoTools(ai.tool),
      stopWhen: ai.stepCountIs(5),
      experimental_onStepStart: async () => void seen.push("step"),
      experimental_onToolCallStart: async () => void seen.push("tool"),
    } as never);
    expect(seen).toEqual(["step", "tool", "step", "tool", "step"]);
    expect(await allTraces()).toHaveLength(1);
    // ai 6 awaited the application's callbacks before ours: the step is found through the operation's scope.
    const request = ["ChatCompletions CHAT_MODEL"];
    expect(shapeOf(await lastTrace())).toEqual([
      "generateText AGENT",
      [["chat gpt-4o-mini CHAT_MODEL", request], "weather TOOL", ["chat gpt-4o-mini CHAT_MODEL", request], "add TOOL", ["chat gpt-4o-mini CHAT_MODEL", request]],
    ]);
    expect((await lastTrace()).tokenUsage).toEqual(TOTAL);
  });

  it("experimental_onToolCallStart: a call inside the tool nests under the operation (README Limits)", async () => {
    autolog();
    const openai = MAJORS[1].createOpenAI({ baseURL: fake().url, apiKey: "test" });
    const tools = {
      ask: ai.tool({
        description: "Asks a sub-agent",
        inputSchema: z.object({ q: z.string() }),
        execute: async ({ q }: { q: string }) => (await ai.generateText({ model: openai("gpt-4o-mini"), prompt: q })).text,
      }),
    };
    fake().script({ toolCalls: [{ name: "ask", arguments: { q: "inner" } }] }, "inner answer", "outer answer");
    await ai.generateText({ model: openai("gpt-4o-mini"), prompt: "outer", tools, stopWhen: ai.stepCountIs(3), experimental_onToolCallStart: async () => {} } as never);
    expect(shapeOf(await lastTrace())).toEqual([
      "generateText AGENT",
      ["chat gpt-4o-mini CHAT_MODEL", "ask TOOL", ["generateText CHAIN", ["chat gpt-4o-mini CHAT_MODEL"]], "chat gpt-4o-mini CHAT_MODEL"],
    ]);
  });
});
