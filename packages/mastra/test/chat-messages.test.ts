import { describe, expect, it } from "vitest";
import { assistantMessage, toChatMessages } from "../src/chat-messages.js";

describe("Mastra / AI SDK messages in the chat view's OpenAI shape", () => {
  it("takes a string, a list of strings and { messages }", () => {
    expect(toChatMessages("hi")).toEqual([{ role: "user", content: "hi" }]);
    expect(toChatMessages(["a", "b"])).toEqual([
      { role: "user", content: "a" },
      { role: "user", content: "b" },
    ]);
    expect(toChatMessages({ messages: [{ role: "system", content: "be brief" }] })).toEqual([{ role: "system", content: "be brief" }]);
  });

  it("joins text parts, keeps other parts by type, and turns tool-call and tool-result parts into tool_calls and tool messages", () => {
    const history = [
      { role: "user", content: [{ type: "text", text: "look at " }, { type: "text", text: "this" }, { type: "image", image: "data:…", mediaType: "image/png" }] },
      { role: "assistant", content: [{ type: "text", text: "checking" }, { type: "tool-call", toolCallId: "c1", toolName: "lookup", input: { q: "x" } }] },
      { role: "tool", content: [{ type: "tool-result", toolCallId: "c1", toolName: "lookup", output: { type: "json", value: { found: true } } }] },
    ];
    expect(toChatMessages(history)).toEqual([
      { role: "user", content: [{ type: "text", text: "look at " }, { type: "text", text: "this" }, { type: "image", mediaType: "image/png" }] },
      { role: "assistant", content: "checking", tool_calls: [{ id: "c1", type: "function", function: { name: "lookup", arguments: '{"q":"x"}' } }] },
      { role: "tool", tool_call_id: "c1", content: '{"found":true}' },
    ]);
  });

  it("leaves what is not a message list to be recorded as it is", () => {
    expect(toChatMessages({ prompt: "x" })).toBeUndefined();
    expect(toChatMessages([1, 2])).toBeUndefined();
    expect(toChatMessages(undefined)).toBeUndefined();
  });

  it("makes a step's output the assistant message, tool calls with their JSON arguments", () => {
    expect(assistantMessage({ text: "", toolCalls: [{ toolCallId: "c2", toolName: "add", args: { a: 1 } }] })).toEqual({
      role: "assistant",
      content: "",
      tool_calls: [{ id: "c2", type: "function", function: { name: "add", arguments: '{"a":1}' } }],
    });
    expect(assistantMessage(undefined)).toEqual({ role: "assistant", content: "" });
  });
});
