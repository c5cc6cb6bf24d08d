import { withSpan } from "@traceloom/core";
import {
  BaseLLM,
  type ChatResponse,
  type ChatResponseChunk,
  type LLMChatParamsNonStreaming,
  type LLMChatParamsStreaming,
  type LLMMetadata,
} from "@llamaindex/core/llms";
import { OpenAI } from "@llamaindex/openai";
import { Settings } from "llamaindex";
import { SimpleChatEngine } from "@llamaindex/core/chat-engine";
import { describe, expect, it } from "vitest";
import { autolog } from "../src/index.js";
import { useLlamaIndex } from "./support/setup.js";
import { onlySpan, treeOf } from "./support/tree.js";

const h = useLlamaIndex();

/** The cap on spans opened from start events that are still waiting for their end event. */
const MAX_OPEN_EVENT_SPANS = 10_000;

/** LlamaIndex's event ids are UUIDs. */
type EventId = `${string}-${string}-${string}-${string}-${string}`;

const llmStart = (id: EventId) => Settings.callbackManager.dispatchEvent("llm-start", { id, messages: [{ role: "user", content: id }] });
const llmEnd = (id: EventId) =>
  Settings.callbackManager.dispatchEvent("llm-end", { id, response: { message: { role: "assistant", content: "" }, raw: null } });

/** A model that hands every chat to another model (as router and fallback models do). */
class RouterLLM extends BaseLLM {
  constructor(private readonly target: BaseLLM) {
    super();
  }
  get metadata(): LLMMetadata {
    return this.target.metadata;
  }
  chat(params: LLMChatParamsStreaming): Promise<AsyncIterable<ChatResponseChunk>>;
  chat(params: LLMChatParamsNonStreaming): Promise<ChatResponse>;
  chat(params: LLMChatParamsStreaming | LLMChatParamsNonStreaming): Promise<AsyncIterable<ChatResponseChunk> | ChatResponse> {
    return params.stream ? this.target.chat(params) : this.target.chat(params);
  }
}

describe("model spans made from LlamaIndex's events", () => {
  it("a span evicted by the cap on open event spans is ended, marked abandoned, so its trace finishes", async () => {
    const ids = Array.from({ length: MAX_OPEN_EVENT_SPANS + 1 }, (_, i): EventId => `burst-${i}-0-0-0`);
    withSpan("burst", () => ids.forEach(llmStart));
    ids.forEach(llmEnd);
    const traces = await h.traces();
    expect(traces).toHaveLength(1);
    const spans = traces[0]!.searchSpans({ name: "LLM.chat" });
    expect(spans).toHaveLength(ids.length);
    const abandoned = spans.filter((s) => s.events.some((e) => e.name === "abandoned"));
    expect(abandoned.map((s) => s.inputs)).toEqual([{ messages: [{ role: "user", content: "burst-0-0-0-0" }] }]);
    expect(abandoned[0]!.outputs).toBeUndefined();
  });

  it("autolog({ disable: true }) ends the spans still waiting for their end event, and forgets them", async () => {
    withSpan("outer", () => llmStart("left-open-0-0-0"));
    autolog({ disable: true });
    autolog();
    llmEnd("left-open-0-0-0");
    const traces = await h.traces();
    expect(traces.map(treeOf)).toEqual(["UNKNOWN outer\n  CHAT_MODEL LLM.chat"]);
    const span = onlySpan(traces[0]!, "LLM.chat");
    expect(span.events.map((e) => e.name)).toEqual(["abandoned"]);
    expect(span.outputs).toBeUndefined();
  });

  it("a model not yet instrumented, called inside another model's span (a router), gets its own span", async () => {
    autolog({ disable: true });
    const inner = new OpenAI({ model: "gpt-4o-mini", apiKey: "test", baseURL: h.fake().url, maxRetries: 0 });
    autolog();
    h.fake().script({ text: "Routed.", usage: { input: 2, output: 1 } });
    const reply = await new SimpleChatEngine({ llm: new RouterLLM(inner) }).chat({ message: "route me" });
    expect(reply.message.content).toBe("Routed.");
    const traces = await h.traces();
    expect(traces.map(treeOf)).toEqual(["CHAIN SimpleChatEngine.chat\n  CHAT_MODEL RouterLLM.chat\n    CHAT_MODEL OpenAI.chat"]);
    const routed = onlySpan(traces[0]!, "OpenAI.chat");
    expect(routed.outputs).toMatchObject({ role: "assistant", content: "Routed." });
    expect(routed.tokenUsage).toEqual({ input_tokens: 2, output_tokens: 1, total_tokens: 3 });
  });
});
