import { createOpenAI } from "@ai-sdk/openai";
import { autolog } from "@traceloom/ai-sdk";
import { configure, flush, getLastTraceId, TraceClient } from "@traceloom/core";
import { startFakeOpenAI } from "@traceloom/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { askAgent, standInAgent } from "../ai-sdk-agent.js";
import { runWithTsx, treeOf } from "./helpers.js";

const fake = await startFakeOpenAI({ handler: standInAgent });

beforeAll(async () => {
  await configure({ trackingUri: "memory:" });
  autolog();
});
afterAll(() => fake.close());

const TREE = [
  "generateText [AGENT]",
  "  chat gpt-4o-mini [CHAT_MODEL]",
  "  weather [TOOL]",
  "  chat gpt-4o-mini [CHAT_MODEL]",
  "  add [TOOL]",
  "  chat gpt-4o-mini [CHAT_MODEL]",
].join("\n");

describe("ai-sdk-agent example", () => {
  it("answers from both tools and records the call, three model steps and two tool calls", async () => {
    const openai = createOpenAI({ baseURL: fake.url, apiKey: "test" });
    expect(await askAgent(openai("gpt-4o-mini"), "Weather in Paris, and 2 + 3?")).toBe("Sunny and 21°C in Paris; 2 + 3 = 5.");
    await flush();
    const t = await new TraceClient().getTrace(getLastTraceId() ?? "");
    expect(treeOf(t!)).toBe(TREE);
    expect(t!.tokenUsage?.total_tokens).toBeGreaterThan(0);
  });

  it("runs as its package script does and prints the answer and the tree", async () => {
    const out = await runWithTsx("ai-sdk-agent.ts");
    expect(out).toContain("Sunny and 21°C in Paris; 2 + 3 = 5.");
    expect(out).toMatch(/generateText[\s\S]*weather[\s\S]*add/);
  }, 60_000);
});
