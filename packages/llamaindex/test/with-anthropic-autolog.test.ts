import { Anthropic, AnthropicSession } from "@llamaindex/anthropic";
import { SimpleChatEngine } from "@llamaindex/core/chat-engine";
import { autolog as autologAnthropic } from "@traceloom/anthropic";
import { startFakeAnthropic, type FakeAnthropic } from "@traceloom/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useLlamaIndex } from "./support/setup.js";
import { onlySpan, treeOf } from "./support/tree.js";

const h = useLlamaIndex({ settingsModels: false });

describe("LlamaIndex's Anthropic LLM with @traceloom/anthropic autolog on too, no arguments", () => {
  let fake: FakeAnthropic;
  let llm: Anthropic;
  // @llamaindex/anthropic 0.3.26 (for @llamaindex/core 0.6.22) brings its own @anthropic-ai/sdk 0.58: autolog()
  // finds that copy, loaded, from this package's dependencies
  beforeAll(async () => {
    fake = await startFakeAnthropic();
    llm = new Anthropic({ model: "claude-haiku-4-5", session: new AnthropicSession({ apiKey: "sk-ant-test", baseURL: fake.url, maxRetries: 0 }) });
    autologAnthropic();
  });
  afterAll(async () => {
    autologAnthropic({ disable: true });
    await fake.close();
  });

  it("one chat is one tree: the Messages.create span under the LlamaIndex model span, tokens counted once", async () => {
    const reply = await new SimpleChatEngine({ llm }).chat({ message: "Nest please" });
    expect(reply.message.content).toEqual([{ type: "text", text: "Echo: Nest please" }]);
    const traces = await h.traces();
    expect(traces).toHaveLength(1);
    expect(treeOf(traces[0]!).split("\n")).toEqual(["CHAIN SimpleChatEngine.chat", "  CHAT_MODEL Anthropic.chat", "    CHAT_MODEL Messages.create"]);
    const raw = onlySpan(traces[0]!, "Messages.create");
    expect(raw.parentId).toBe(onlySpan(traces[0]!, "Anthropic.chat").spanId);
    const usage = raw.tokenUsage!;
    expect(usage.total_tokens).toBeGreaterThan(0);
    expect(traces[0]!.tokenUsage).toEqual({ input_tokens: usage.input_tokens, output_tokens: usage.output_tokens, total_tokens: usage.total_tokens });
  });

  it("a streamed chat: one Messages.create span, ended when the stream is read", async () => {
    let text = "";
    for await (const chunk of await llm.chat({ messages: [{ role: "user", content: "stream it" }], stream: true })) text += chunk.delta;
    expect(text).toBe("Echo: stream it");
    const traces = await h.traces();
    expect(traces).toHaveLength(1);
    expect(treeOf(traces[0]!).split("\n")).toEqual(["CHAT_MODEL Anthropic.chat", "  CHAT_MODEL Messages.create"]);
  });
});
