import OpenAI from "openai";
import { configure, flush, getLastTraceId, TraceClient } from "@traceloom/core";
import { autolog } from "@traceloom/openai";
import { startFakeOpenAI, toolCallThenAnswer } from "@traceloom/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgent } from "../openai-agent.js";

const fake = await startFakeOpenAI({ handler: toolCallThenAnswer({ name: "add", arguments: { a: 2, b: 3 } }, (r) => `2 + 3 = ${r.at(-1)}`) });

beforeAll(async () => {
  await configure({ trackingUri: "memory:" });
  autolog();
});
afterAll(() => fake.close());

describe("openai-agent example", () => {
  it("answers with the tool's result and records the agent, both model calls and the tool call", async () => {
    const client = new OpenAI({ baseURL: fake.url, apiKey: "test", maxRetries: 0 });
    expect(await createAgent(client)("What is 2 + 3?")).toBe("2 + 3 = 5");
    await flush();
    const t = await new TraceClient().getTrace(getLastTraceId() ?? "");
    expect(t?.spans.map((s) => [s.name, s.spanType])).toEqual([
      ["math_agent", "AGENT"],
      ["ChatCompletions", "CHAT_MODEL"],
      ["add", "TOOL"],
      ["ChatCompletions", "CHAT_MODEL"],
    ]);
    expect(t?.rootSpan?.inputs).toEqual({ question: "What is 2 + 3?" });
    expect(t?.searchSpans({ name: "add" })[0].inputs).toEqual({ a: 2, b: 3 });
    expect(t?.tokenUsage?.total_tokens).toBeGreaterThan(0);
  });
});
