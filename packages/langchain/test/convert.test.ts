import { describe, expect, it } from "vitest";
import { AIMessage, HumanMessage, SystemMessage, ToolMessage } from "@langchain/core/messages";
import { Document } from "@langchain/core/documents";
import { toChatMessage } from "../src/convert/messages.js";
import { toReadablePayload } from "../src/convert/payload.js";
import { safeInvocationParams } from "../src/convert/params.js";
import { parseToolInput, toolOutputs } from "../src/convert/tool-io.js";
import { llmOutputs, llmTokenUsage } from "../src/convert/llm-result.js";

describe("payload conversion", () => {
  it("turns LangChain messages into OpenAI-shaped messages", () => {
    expect(toChatMessage(new SystemMessage("s"))).toEqual({ role: "system", content: "s" });
    expect(toChatMessage(new HumanMessage("h"))).toEqual({ role: "user", content: "h" });
    expect(toChatMessage(new AIMessage({ content: "", tool_calls: [{ id: "c1", name: "f", args: { x: 1 } }] }))).toEqual({
      role: "assistant",
      content: "",
      tool_calls: [{ id: "c1", type: "function", function: { name: "f", arguments: '{"x":1}' } }],
    });
    expect(toChatMessage(new ToolMessage({ content: "r", tool_call_id: "c1" }))).toEqual({ role: "tool", content: "r", tool_call_id: "c1" });
    expect(toChatMessage(JSON.parse(JSON.stringify(new HumanMessage("ser"))))).toEqual({ role: "user", content: "ser" });
  });

  it("converts messages and documents nested in chain payloads, and keeps everything else", () => {
    const payload = { messages: [new HumanMessage("q")], docs: [new Document({ pageContent: "p", metadata: { a: 1 } })], n: 3, when: new Date(0) };
    expect(toReadablePayload(payload)).toEqual({
      messages: [{ role: "user", content: "q" }],
      docs: [{ page_content: "p", metadata: { a: 1 } }],
      n: 3,
      when: new Date(0),
    });
  });

  it("drops credentials and client options from invocation params", () => {
    expect(safeInvocationParams({ model: "m", max_tokens: 5, apiKey: "sk", openAIApiKey: "sk", configuration: { baseURL: "u" }, headers: { a: 1 } })).toEqual({ model: "m", max_tokens: 5 });
    expect(safeInvocationParams({ apiKey: "sk" })).toBeUndefined();
  });

  it("parses JSON tool input and unwraps ToolMessage output", () => {
    expect(parseToolInput('{"a":1}')).toEqual({ a: 1 });
    expect(parseToolInput("plain")).toEqual({ input: "plain" });
    expect(parseToolInput("{broken")).toEqual({ input: "{broken" });
    expect(toolOutputs(new ToolMessage({ content: "42", tool_call_id: "c" }))).toBe("42");
    expect(toolOutputs({ any: 1 })).toEqual({ any: 1 });
  });

  it("reads outputs and token usage from an LLM result, preferring llmOutput.tokenUsage", () => {
    const message = new AIMessage({ content: "hi", usage_metadata: { input_tokens: 3, output_tokens: 2, total_tokens: 5 } });
    const result = { generations: [[{ text: "hi", message }]], llmOutput: { tokenUsage: { promptTokens: 9, completionTokens: 9, totalTokens: 18 } } };
    expect(llmOutputs(result, "")).toEqual({ role: "assistant", content: "hi" });
    expect(llmTokenUsage(result)).toEqual({ input_tokens: 9, output_tokens: 9, total_tokens: 18 });
    expect(llmTokenUsage({ generations: [[{ text: "hi", message }]] })).toEqual({ input_tokens: 3, output_tokens: 2, total_tokens: 5 });
    expect(llmTokenUsage({ generations: [[{ text: "x" }]], llmOutput: { tokenUsage: { promptTokens: 1, completionTokens: 2, totalTokens: 3 } } })).toEqual({ input_tokens: 1, output_tokens: 2, total_tokens: 3 });
    expect(llmOutputs({ generations: [[{ text: "" }]] }, "streamed")).toBe("streamed");
  });

  it("counts usage once when n > 1 candidates each carry the whole response's usage_metadata", () => {
    const candidate = (content: string) => ({ text: content, message: new AIMessage({ content, usage_metadata: { input_tokens: 2, output_tokens: 3, total_tokens: 5 } }) });
    expect(llmTokenUsage({ generations: [[candidate("a"), candidate("b"), candidate("c")]] })).toEqual({ input_tokens: 2, output_tokens: 3, total_tokens: 5 });
    expect(llmTokenUsage({ generations: [[candidate("a"), candidate("b")]], llmOutput: { tokenUsage: {} } })).toEqual({ input_tokens: 2, output_tokens: 3, total_tokens: 5 });
  });
});
