import { ContextChatEngine, SimpleChatEngine } from "@llamaindex/core/chat-engine";
import { Document, VectorStoreIndex } from "llamaindex";
import { describe, expect, it } from "vitest";
import { useLlamaIndex } from "./support/setup.js";
import { onlySpan, treeOf } from "./support/tree.js";

const h = useLlamaIndex();

describe("chat engines", () => {
  it("traces a ContextChatEngine turn: retrieval for context, then the chat model", async () => {
    const index = await VectorStoreIndex.fromDocuments([
      new Document({ text: "The office opens at 9am.", id_: "hours" }),
      new Document({ text: "Parking is behind the building.", id_: "parking" }),
    ]);
    const engine = new ContextChatEngine({ retriever: index.asRetriever({ similarityTopK: 1 }), chatModel: h.llm() });
    h.fake().script({ text: "At 9am.", usage: { input: 30, output: 2 } });
    const reply = await engine.chat({ message: "When does the office open?" });
    expect(reply.message.content).toBe("At 9am.");

    const trace = (await h.traces()).at(-1)!;
    expect(treeOf(trace)).toBe(
      [
        "CHAIN ContextChatEngine.chat",
        "  RETRIEVER VectorIndexRetriever.retrieve",
        "    EMBEDDING OpenAIEmbedding.getQueryEmbedding",
        "  CHAT_MODEL OpenAI.chat",
      ].join("\n"),
    );
    expect(trace.rootSpan!.inputs).toEqual({ message: "When does the office open?" });
    expect(trace.rootSpan!.outputs).toMatchObject({ response: "At 9am." });
    const chat = onlySpan(trace, "OpenAI.chat");
    const messages = (chat.inputs as { messages: Array<{ role: string; content: unknown }> }).messages;
    const [retrieved] = onlySpan(trace, "VectorIndexRetriever.retrieve").outputs as Array<{ page_content: string }>;
    expect(["The office opens at 9am.", "Parking is behind the building."]).toContain(retrieved!.page_content);
    expect(messages.find((m) => m.role === "system")?.content).toEqual([
      { type: "text", text: expect.stringContaining(retrieved!.page_content) },
    ]);
    expect(messages).toContainEqual({ role: "user", content: "When does the office open?" });
    expect(chat.outputs).toEqual({ role: "assistant", content: "At 9am.", options: {} });
    expect(chat.tokenUsage).toEqual({ input_tokens: 30, output_tokens: 2, total_tokens: 32 });
  });

  it("traces each SimpleChatEngine turn, with the history the model saw, and a streamed turn", async () => {
    const engine = new SimpleChatEngine({ llm: h.llm() });
    h.fake().script("Hello Ada.", "Your name is Ada.");
    await engine.chat({ message: "I am Ada." });
    const stream = await engine.chat({ message: "What is my name?", stream: true });
    let text = "";
    for await (const chunk of stream) text += chunk.delta;
    expect(text).toBe("Your name is Ada.");

    const traces = await h.traces();
    expect(traces.map(treeOf)).toEqual([
      "CHAIN SimpleChatEngine.chat\n  CHAT_MODEL OpenAI.chat",
      "CHAIN SimpleChatEngine.chat\n  CHAT_MODEL OpenAI.chat",
    ]);
    const second = traces[1]!;
    expect(second.rootSpan!.inputs).toEqual({ message: "What is my name?", stream: true });
    expect(second.rootSpan!.outputs).toMatchObject({ response: "Your name is Ada." });
    const chat = onlySpan(second, "OpenAI.chat");
    expect((chat.inputs as { messages: unknown[] }).messages).toEqual([
      { role: "user", content: "I am Ada." },
      { role: "assistant", content: "Hello Ada.", options: {} },
      { role: "user", content: "What is my name?" },
    ]);
    expect(chat.outputs).toMatchObject({ role: "assistant", content: "Your name is Ada." });
  });
});
