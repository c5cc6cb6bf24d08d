import { describe, expect, it } from "vitest";
import { chatMessages } from "../src/web/app/chat-view.js";

describe("chatMessages of a Gemini call", () => {
  it("reads the system instruction, user and model turns, function calls and responses, and the candidate", () => {
    const messages = chatMessages({
      inputs: {
        model: "gemini-2.5-flash",
        systemInstruction: { parts: [{ text: "Be brief." }] },
        contents: [
          { role: "user", parts: [{ text: "Weather in Oslo?" }, { inlineData: { mimeType: "image/png", data: "iVBOR" } }] },
          { role: "model", parts: [{ text: "thinking…", thought: true }, { functionCall: { name: "get_weather", args: { city: "Oslo" } } }] },
          { role: "user", parts: [{ functionResponse: { name: "get_weather", response: { sky: "clear" } } }] },
        ],
      },
      outputs: { candidates: [{ content: { role: "model", parts: [{ text: "Clear " }, { text: "skies." }] }, finishReason: "STOP" }] },
    });
    expect(messages.map((m) => m.role)).toEqual(["system", "user", "assistant", "tool", "assistant"]);
    expect(messages[0].text).toBe("Be brief.");
    expect(messages[1].text).toBe("Weather in Oslo?[inline data: image/png]");
    expect(messages[2]).toEqual({ role: "assistant", text: "", toolCalls: [{ id: "", name: "get_weather", arguments: { city: "Oslo" } }] });
    expect(messages[3]).toEqual({ role: "tool", text: '{"sky":"clear"}', toolCalls: [], toolCallId: "get_weather" });
    expect(messages[4].text).toBe("Clear skies.");
  });

  it("reads a failed call (no outputs) and leaves non-Gemini inputs to the other readers", () => {
    expect(chatMessages({ inputs: { contents: [{ role: "user", parts: [{ text: "hi" }] }] }, outputs: null }).map((m) => m.text)).toEqual(["hi"]);
    expect(chatMessages({ inputs: { messages: [{ role: "user", content: "openai" }] }, outputs: null }).map((m) => m.text)).toEqual(["openai"]);
  });
});
