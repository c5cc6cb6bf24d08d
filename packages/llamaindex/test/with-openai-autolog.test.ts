import { autolog as autologOpenAI } from "@traceloom/openai";
import { SimpleChatEngine } from "@llamaindex/core/chat-engine";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openaiUsedByLlamaIndex } from "./support/openai-copy.js";
import { useLlamaIndex } from "./support/setup.js";
import { onlySpan, treeOf } from "./support/tree.js";

const h = useLlamaIndex();

describe("with @traceloom/openai autolog on too", () => {
  beforeAll(async () => autologOpenAI({ openai: await openaiUsedByLlamaIndex() }));
  afterAll(() => autologOpenAI({ disable: true }));

  it("nests the raw OpenAI call under the LlamaIndex model span", async () => {
    h.fake().script({ text: "Nested.", usage: { input: 5, output: 1 } });
    const reply = await new SimpleChatEngine({ llm: h.llm() }).chat({ message: "Nest please" });
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
    expect(JSON.stringify(raw[0]!.inputs)).toContain("Nest please");
    expect(raw[0]!.tokenUsage).toEqual({ input_tokens: 5, output_tokens: 1, total_tokens: 6 });
    expect(traces[0]!.tokenUsage).toEqual({ input_tokens: 5, output_tokens: 1, total_tokens: 6 });
  });
});
