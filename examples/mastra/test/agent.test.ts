import { createOpenAI } from "@ai-sdk/openai";
import { configure, flush, getLastTraceId, TraceClient } from "@traceloom/core";
import { startFakeOpenAI } from "@traceloom/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import { runWithTsx, treeOf } from "../../test/helpers.js";
import { createMastra, standInReply } from "../agent.js";

const fake = await startFakeOpenAI({ handler: standInReply });

beforeAll(() => configure({ trackingUri: "memory:" }));
afterAll(() => fake.close());

describe("mastra-agent example", () => {
  it("answers with the tools' results and records the agent, its three model steps and the two tool calls", async () => {
    const mastra = createMastra(createOpenAI({ baseURL: fake.url, apiKey: "test" }));
    const result = await mastra.getAgent("calc").generate("What is (2 + 3) * 4?", { maxSteps: 5 });
    expect(result.text).toBe("(2 + 3) * 4 is 20.");
    await flush();
    const t = await new TraceClient().getTrace(getLastTraceId() ?? "");
    expect(treeOf(t!)).toBe(
      ["calc [AGENT]", "  gpt-4o-mini [CHAT_MODEL]", "    add [TOOL]", "  gpt-4o-mini [CHAT_MODEL]", "    multiply [TOOL]", "  gpt-4o-mini [CHAT_MODEL]"].join("\n"),
    );
    expect(t!.searchSpans({ name: "multiply" })[0].outputs).toEqual({ product: 20 });
    expect(t!.tokenUsage?.total_tokens).toBeGreaterThan(0);
  });

  // Loading @mastra/core under tsx takes tens of seconds on a busy machine.
  it("runs as a program and prints the answer and the tree", async () => {
    const stdout = await runWithTsx("agent.ts", fileURLToPath(new URL("..", import.meta.url)));
    expect(stdout.split("\n")[0]).toBe("(2 + 3) * 4 is 20.");
    expect(stdout).toMatch(/calc \[AGENT\][\s\S]*add \[TOOL\][\s\S]*multiply \[TOOL\]/);
  }, 120_000);
});
