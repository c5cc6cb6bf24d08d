import Anthropic from "@anthropic-ai/sdk";
import { configure, flush, getLastTraceId, TraceClient } from "@traceloom/core";
import { autolog } from "@traceloom/anthropic";
import { startFakeAnthropic } from "@traceloom/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgent, standInReply } from "../anthropic-agent.js";
import { runWithTsx, treeOf } from "./helpers.js";

const fake = await startFakeAnthropic({ handler: standInReply });

beforeAll(async () => {
  await configure({ trackingUri: "memory:" });
  autolog();
});
afterAll(() => fake.close());

describe("anthropic-agent example", () => {
  it("answers from the tool's result and records the agent, both streamed Messages calls (thinking, tool use) and the tool", async () => {
    const client = new Anthropic({ baseURL: fake.url, apiKey: "test", maxRetries: 0 });
    expect(await createAgent(client)("What's the weather in Paris?")).toBe("It is 14 °C with light rain in Paris: take an umbrella.");
    await flush();
    const t = (await new TraceClient().getTrace(getLastTraceId() ?? ""))!;
    expect(treeOf(t)).toBe(["weather_agent [AGENT]", "  Messages.create [CHAT_MODEL]", "  get_weather [TOOL]", "  Messages.create [CHAT_MODEL]"].join("\n"));
    const [first, second] = t.searchSpans({ name: "Messages.create" });
    expect((first.outputs as any).content.map((b: any) => b.type)).toEqual(["thinking", "tool_use"]);
    expect(first.events.map((e) => e.name)).toContain("first_token");
    expect((second.inputs as any).messages.at(-1).content[0].type).toBe("tool_result");
    expect(t.tokenUsage?.total_tokens).toBe(first.tokenUsage!.total_tokens + second.tokenUsage!.total_tokens);
  });

  it("runs as its package script does (tsx), printing the answer and the trace", async () => {
    const out = await runWithTsx("anthropic-agent.ts");
    expect(out).toContain("It is 14 °C with light rain in Paris: take an umbrella.");
    expect(out).toContain("Messages.create");
  }, 60_000);
});
