import { Agent } from "@mastra/core/agent";
import { Mastra } from "@mastra/core/mastra";
import { autolog as openaiAutolog } from "@traceloom/openai";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allTraces, makeApp, scriptTwoToolLoop, autologSuite, STEP_USAGE, treeOf, TWO_TOOL_TREE, useMemoryStore } from "./helpers.js";
import { openAISdkModel } from "./openai-sdk-model.js";

describe("with the OpenAI autolog on too", () => {
  const suite = autologSuite();
  beforeAll(() => openaiAutolog());
  afterAll(() => openaiAutolog({ disable: true }));

  it("records each request of an @ai-sdk/openai model once: the step (it goes through fetch, not the openai SDK)", async () => {
    const client = await useMemoryStore();
    scriptTwoToolLoop(suite());
    await makeApp(suite()).agent.generate("What is (2 + 3) * 4?", { maxSteps: 5 });
    const traces = await allTraces(client);
    expect(traces.map(treeOf)).toEqual([TWO_TOOL_TREE]);
    expect(suite().requests).toHaveLength(3);
  });

  it("nests each request of a model built on the openai SDK under its step, once, and counts its tokens once", async () => {
    const client = await useMemoryStore();
    scriptTwoToolLoop(suite());
    const { agent: base } = makeApp(suite());
    const openai = new OpenAI({ baseURL: suite().url, apiKey: "test", maxRetries: 0 });
    const tools = await base.listTools();
    const agent = new Agent({ id: "calc", name: "calc", instructions: "You calculate with tools.", model: openAISdkModel(openai, "gpt-4o-mini") as never, tools });
    new Mastra({ agents: { calc: agent }, logger: false });
    const result = await agent.generate("What is (2 + 3) * 4?", { maxSteps: 5 });
    expect(result.text).toBe("The answer is 20");
    const [trace] = await allTraces(client);
    const lines = TWO_TOOL_TREE.split("\n");
    const request = (indent: string) => `${indent}ChatCompletions [CHAT_MODEL]`;
    expect(treeOf(trace)).toBe([lines[0], lines[1], request("    "), lines[2], lines[3], request("    "), lines[4], lines[5], request("    ")].join("\n"));
    const input = STEP_USAGE.reduce((n, u) => n + u.input, 0);
    const output = STEP_USAGE.reduce((n, u) => n + u.output, 0);
    expect(JSON.parse(trace.info.metadata["mlflow.trace.tokenUsage"])).toEqual({ input_tokens: input, output_tokens: output, total_tokens: input + output });
  });
});
