import { describe, expect, it } from "vitest";
import { chatMessages } from "../src/web/app/chat-view.js";

describe("chatMessages", () => {
  it("reads an OpenAI chat request and its reply, with tool calls and tool results", () => {
    const messages = chatMessages({
      inputs: {
        model: "gpt-4o-mini",
        messages: [
          { role: "system", content: "Be brief." },
          { role: "user", content: [{ type: "text", text: "Weather?" }] },
          { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } }] },
          { role: "tool", tool_call_id: "call_1", content: "14 °C" },
        ],
      },
      outputs: { choices: [{ index: 0, message: { role: "assistant", content: "It is 14 °C." } }] },
    });
    expect(messages.map((m) => m.role)).toEqual(["system", "user", "assistant", "tool", "assistant"]);
    expect(messages[1].text).toBe("Weather?");
    expect(messages[2].toolCalls).toEqual([{ id: "call_1", name: "get_weather", arguments: { city: "Paris" } }]);
    expect(messages[3].toolCallId).toBe("call_1");
    expect(messages[4].text).toBe("It is 14 °C.");
  });

  it("reads a Responses API call: instructions, input items and output items", () => {
    const messages = chatMessages({
      inputs: { instructions: "Be brief.", input: [{ role: "user", content: "Add 2 and 3" }, { type: "function_call_output", call_id: "c1", output: "5" }] },
      outputs: { output: [{ type: "function_call", call_id: "c2", name: "add", arguments: '{"a":2}' }, { type: "message", role: "assistant", content: [{ type: "output_text", text: "5" }] }] },
    });
    expect(messages.map((m) => `${m.role}:${m.text}`)).toEqual(["system:Be brief.", "user:Add 2 and 3", "tool:5", "assistant:", "assistant:5"]);
    expect(messages[3].toolCalls[0]).toEqual({ id: "c2", name: "add", arguments: { a: 2 } });
  });

  it("reads an Anthropic Messages call: system prompt, tool_use and tool_result blocks, thinking, image placeholders", () => {
    const messages = chatMessages({
      inputs: {
        model: "claude-haiku-4-5",
        system: [{ type: "text", text: "Be brief." }],
        messages: [
          { role: "user", content: [{ type: "text", text: "Weather here?" }, { type: "image", source: { type: "base64", media_type: "image/png", data: "[image image/png, 300 bytes]" } }] },
          { role: "assistant", content: [{ type: "thinking", thinking: "Call the tool.", signature: "s" }, { type: "tool_use", id: "toolu_1", name: "get_weather", input: { city: "Paris" } }] },
          { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_1", content: "14 °C" }] },
        ],
      },
      outputs: { id: "msg_1", type: "message", role: "assistant", content: [{ type: "text", text: "It is 14 °C." }], stop_reason: "end_turn" },
    });
    expect(messages.map((m) => `${m.role}:${m.text}`)).toEqual(["system:Be brief.", "user:Weather here?\n[image]", "assistant:", "tool:14 °C", "assistant:It is 14 °C."]);
    expect(messages[2]).toEqual({ role: "assistant", text: "", thinking: "Call the tool.", toolCalls: [{ id: "toolu_1", name: "get_weather", arguments: { city: "Paris" } }] });
    expect(messages[3].toolCallId).toBe("toolu_1");
    expect(chatMessages({ inputs: { system: "Be brief.", messages: [{ role: "user", content: "hi" }] }, outputs: null }).map((m) => m.role)).toEqual(["system", "user"]);
  });

  it("finds no conversation in ordinary inputs", () => {
    expect(chatMessages({ inputs: { question: "hi" }, outputs: "hello" })).toEqual([]);
    expect(chatMessages({ inputs: null, outputs: null })).toEqual([]);
  });
});
