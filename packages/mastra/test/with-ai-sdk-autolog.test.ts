import { createOpenAI } from "@ai-sdk/openai";
import { autolog as aiSdkAutolog } from "@traceloom/ai-sdk";
import { generateText } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allTraces, autologSuite, makeApp, scriptTwoToolLoop, treeOf, TWO_TOOL_TREE, useMemoryStore } from "./helpers.js";

describe("with the AI SDK autolog on too", () => {
  const suite = autologSuite();
  beforeAll(() => aiSdkAutolog());
  afterAll(() => aiSdkAutolog({ disable: true }));

  it("records a Mastra agent run once: the same tree, no AI SDK spans beside or inside it", async () => {
    const client = await useMemoryStore();
    scriptTwoToolLoop(suite());
    const result = await makeApp(suite()).agent.generate("What is (2 + 3) * 4?", { maxSteps: 5 });
    expect(result.text).toBe("The answer is 20");
    expect((await allTraces(client)).map(treeOf)).toEqual([TWO_TOOL_TREE]);
  });

  it("still traces an AI SDK call a tool makes itself, under the TOOL span", async () => {
    const client = await useMemoryStore();
    const fake = suite();
    fake.script(
      { toolCalls: [{ name: "add", arguments: { a: 2, b: 3 } }] },
      "inner answer",
      { toolCalls: [{ name: "multiply", arguments: { a: 5, b: 4 } }] },
      "The answer is 20",
    );
    const inner = createOpenAI({ baseURL: fake.url, apiKey: "test" });
    const onAdd = () => generateText({ model: inner.chat("gpt-4o-mini"), prompt: "inner question" });
    await makeApp(fake, { onAdd }).agent.generate("What is (2 + 3) * 4?", { maxSteps: 5 });
    const [trace] = await allTraces(client);
    const tree = treeOf(trace).split("\n");
    expect(tree.slice(0, 3)).toEqual(TWO_TOOL_TREE.split("\n").slice(0, 3));
    const inside = tree.slice(3, tree.indexOf("  gpt-4o-mini [CHAT_MODEL]", 3));
    expect(inside.length).toBeGreaterThan(0);
    expect(inside.every((line) => line.startsWith("      "))).toBe(true);
    expect(tree.slice(3 + inside.length)).toEqual(TWO_TOOL_TREE.split("\n").slice(3));
  });

  it("records a streamed run once too", async () => {
    const client = await useMemoryStore();
    scriptTwoToolLoop(suite());
    const stream = await makeApp(suite()).agent.stream("What is (2 + 3) * 4?", { maxSteps: 5 });
    for await (const _chunk of stream.textStream) void _chunk;
    expect((await allTraces(client)).map(treeOf)).toEqual([TWO_TOOL_TREE]);
  });
});
