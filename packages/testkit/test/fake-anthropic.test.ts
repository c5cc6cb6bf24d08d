import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeAnthropic, type FakeAnthropic } from "../src/index.js";

let fake: FakeAnthropic;
let client: Anthropic;
beforeAll(async () => {
  fake = await startFakeAnthropic();
  client = new Anthropic({ baseURL: fake.url, apiKey: "sk-ant-test", maxRetries: 0 });
});
afterAll(() => fake.close());

const ask = (content: string) => ({ model: "claude-haiku-4-5", max_tokens: 64, messages: [{ role: "user" as const, content }] });

describe("the fake Anthropic Messages API, through the real SDK", () => {
  it("answers with a Message the SDK parses, and the same message as Anthropic's event sequence when streamed", async () => {
    fake.script({ thinking: "Hm.", text: "Hello there.", toolUse: { id: "toolu_1", name: "wave", input: { times: 2 } } });
    const message = await client.messages.create(ask("hi"));
    fake.script({ thinking: "Hm.", text: "Hello there.", toolUse: { id: "toolu_1", name: "wave", input: { times: 2 } } });
    const events = [];
    for await (const event of await client.messages.create({ ...ask("hi"), stream: true })) events.push(event.type);
    expect(events[0]).toBe("message_start");
    expect(events.slice(-2)).toEqual(["message_delta", "message_stop"]);
    expect(events.filter((e) => e === "content_block_start")).toHaveLength(3);
    fake.script({ thinking: "Hm.", text: "Hello there.", toolUse: { id: "toolu_1", name: "wave", input: { times: 2 } } });
    const streamed = await client.messages.stream(ask("hi")).finalMessage();
    expect(streamed.content).toEqual(message.content);
    expect(streamed.stop_reason).toBe("tool_use");
    expect(streamed.usage.output_tokens).toBe(message.usage.output_tokens);
  });

  it("counts tokens, tells the handler the tool results, and answers errors in Anthropic's error shape", async () => {
    expect(await client.messages.countTokens({ model: "claude-haiku-4-5", messages: [{ role: "user", content: "one two three" }] })).toEqual({ input_tokens: 3 });
    let seen: string[] = [];
    fake.setHandler((info) => {
      seen = info.toolResults;
      return { text: "ok" };
    });
    await client.messages.create({
      ...ask("x"),
      messages: [
        { role: "user", content: "x" },
        { role: "assistant", content: [{ type: "tool_use", id: "t1", name: "f", input: {} }] },
        { role: "user", content: [{ type: "tool_result", tool_use_id: "t1", content: "42" }] },
      ],
    });
    expect(seen).toEqual(["42"]);
    fake.setHandler(undefined);
    fake.script({ error: { status: 429, type: "rate_limit_error", message: "slow down" } });
    const limited = await client.messages.create(ask("x")).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(Anthropic.RateLimitError);
    expect((limited as InstanceType<typeof Anthropic.RateLimitError>).error).toMatchObject({ type: "error", error: { type: "rate_limit_error", message: "slow down" } });
    const invalid = await client.messages.create({ model: "m", messages: [{ role: "user", content: "x" }] } as never).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(Anthropic.BadRequestError);
  });
});
