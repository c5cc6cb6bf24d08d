import { autolog as autologOpenAI, tracedOpenAI } from "@traceloom/openai";
import { SimpleChatEngine } from "@llamaindex/core/chat-engine";
import { OpenAI } from "@llamaindex/openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openaiUsedByLlamaIndex } from "./support/openai-copy.js";
import { useLlamaIndex } from "./support/setup.js";
import { onlySpan, treeOf } from "./support/tree.js";

const h = useLlamaIndex();

/** One chat through a SimpleChatEngine: the trace must be one tree, the raw call under the model span, tokens once. */
async function expectNestedChat(llm: OpenAI, message: string): Promise<void> {
  h.fake().script({ text: "Nested.", usage: { input: 5, output: 1 } });
  const reply = await new SimpleChatEngine({ llm }).chat({ message });
  expect(reply.message.content).toBe("Nested.");

  const traces = await h.traces();
  expect(traces).toHaveLength(1);
  const tree = treeOf(traces[0]!).split("\n");
  expect(tree.slice(0, 2)).toEqual(["CHAIN SimpleChatEngine.chat", "  CHAT_MODEL OpenAI.chat"]);
  expect(tree).toHaveLength(3);
  expect(tree[2]).toMatch(/^ {4}CHAT_MODEL \S+/);
  const model = onlySpan(traces[0]!, "OpenAI.chat");
  const raw = traces[0]!.childrenOf(model.spanId);
  expect(raw).toHaveLength(1);
  expect(JSON.stringify(raw[0]!.inputs)).toContain(message);
  expect(raw[0]!.tokenUsage).toEqual({ input_tokens: 5, output_tokens: 1, total_tokens: 6 });
  expect(traces[0]!.tokenUsage).toEqual({ input_tokens: 5, output_tokens: 1, total_tokens: 6 });
}

describe("with @traceloom/openai autolog on too, no arguments", () => {
  // @llamaindex/openai runs import("openai") on its first call and gets its own copy (openai 5 here): autolog()
  // finds it from this package's dependencies and patches it as it loads.
  beforeAll(() => autologOpenAI());
  afterAll(() => autologOpenAI({ disable: true }));

  it("nests the raw OpenAI call under the LlamaIndex model span", async () => {
    await expectNestedChat(h.llm(), "Nest please");
  });
});

describe("with tracedOpenAI(client) handed to the LlamaIndex model as its session", () => {
  it("nests that client's call under the LlamaIndex model span, in one trace", async () => {
    const { OpenAI: OpenAISDK } = (await openaiUsedByLlamaIndex()) as { OpenAI: new (options: object) => object };
    const session = tracedOpenAI(new OpenAISDK({ apiKey: "test", baseURL: h.fake().url, maxRetries: 0 }));
    const llm = new OpenAI({ model: "gpt-4o-mini", apiKey: "test", baseURL: h.fake().url, maxRetries: 0, session: session as never });
    await expectNestedChat(llm, "Traced client");
  });
});
