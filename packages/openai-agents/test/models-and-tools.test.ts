import { Agent, OpenAIChatCompletionsModel, run, tool } from "@openai/agents";
import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { useCalcSuite } from "./calc-agent.js";
import { onlyTrace, spanNamed, spansNamed, treeOf, useMemoryStore } from "./trace-helpers.js";

describe("Chat Completions models and failing tools", () => {
  const suite = useCalcSuite();

  it("records a Chat Completions model call as a generation span: messages in, choices out, tokens", async () => {
    const client = await useMemoryStore();
    const model = new OpenAIChatCompletionsModel(new OpenAI({ apiKey: "test", baseURL: suite().fake.url, maxRetries: 0 }), "gpt-4o-mini");
    const agent = new Agent({ name: "Chatty", instructions: "Be brief.", tools: [suite().add], model });
    suite().fake.script({ toolCalls: [{ name: "add", arguments: { a: 1, b: 2 } }], usage: { input: 9, output: 4 } }, { text: "3", usage: { input: 14, output: 1 } });
    expect((await run(agent, "1 + 2?")).finalOutput).toBe("3");
    const trace = await onlyTrace(client);
    expect(treeOf(trace)).toBe(
      ["Agent workflow [CHAIN]", "  Chatty [AGENT]", "    turn 1 [CHAIN]", "      generation [CHAT_MODEL]", "      add [TOOL]", "    turn 2 [CHAIN]", "      generation [CHAT_MODEL]"].join("\n"),
    );
    const [first, second] = spansNamed(trace, "generation");
    expect(first.inputs).toMatchObject({ model: "gpt-4o-mini", messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "1 + 2?" }] });
    expect(first.outputs).toMatchObject({ choices: [{ index: 0, message: { role: "assistant", tool_calls: [{ function: { name: "add" } }] } }] });
    expect(second.outputs).toMatchObject({ choices: [{ message: { content: "3" } }] });
    expect([first.tokenUsage, second.tokenUsage]).toEqual([
      { input_tokens: 9, output_tokens: 4, total_tokens: 13 },
      { input_tokens: 14, output_tokens: 1, total_tokens: 15 },
    ]);
    expect(JSON.parse(trace.info.metadata["mlflow.trace.tokenUsage"])).toEqual({ input_tokens: 23, output_tokens: 5, total_tokens: 28 });
  });

  it("records a tool that threw as an ERROR tool span in a run that goes on", async () => {
    const client = await useMemoryStore();
    const broken = tool({
      name: "broken",
      description: "Always fails",
      parameters: z.object({}),
      execute: async () => {
        throw new Error("tool exploded");
      },
    });
    const agent = new Agent({ name: "Fragile", instructions: "Try the tool.", tools: [broken], model: "gpt-4o-mini" });
    suite().fake.script({ toolCalls: [{ name: "broken", arguments: {} }] }, "The tool failed.");
    expect((await run(agent, "go")).finalOutput).toBe("The tool failed.");
    const trace = await onlyTrace(client);
    const span = spanNamed(trace, "broken");
    expect(span.status.code).toBe("STATUS_CODE_ERROR");
    expect(span.events.some((e) => e.name === "exception")).toBe(true);
    expect(spanNamed(trace, "Fragile").status.code).toBe("STATUS_CODE_OK");
    expect(trace.info.state).toBe("OK");
  });
});
