import { describe, expect, it } from "vitest";
import { toolCallThenAnswer } from "../src/index.js";
import { useFake } from "./setup.js";

const { fake, client } = useFake();

describe("chat completions", () => {
  it("echoes the last user message with ids, model and word-count usage", async () => {
    const res = await client().chat.completions.create({
      model: "gpt-4o-mini",
      messages: [
        { role: "system", content: "You are terse." },
        { role: "user", content: "What is the capital of France?" },
      ],
    });
    expect(res.id).toBe("chatcmpl-1");
    expect(res.object).toBe("chat.completion");
    expect(res.model).toBe("gpt-4o-mini");
    expect(res.system_fingerprint).toBe("fp_traceloom");
    expect(Math.abs(res.created - Date.now() / 1000)).toBeLessThan(5);
    expect(res.choices).toHaveLength(1);
    expect(res.choices[0].message).toMatchObject({ role: "assistant", content: "Echo: What is the capital of France?" });
    expect(res.choices[0].finish_reason).toBe("stop");
    // 3 + 6 input words; "Echo: What is the capital of France?" = 7 words
    expect(res.usage).toMatchObject({ prompt_tokens: 9, completion_tokens: 7, total_tokens: 16 });

    const second = await client().chat.completions.create({ model: "m", messages: [{ role: "user", content: "hi" }] });
    expect(second.id).toBe("chatcmpl-2");
  });

  it("reads text parts and honours n", async () => {
    const res = await client().chat.completions.create({
      model: "gpt-4o",
      n: 2,
      messages: [{ role: "user", content: [{ type: "text", text: "part one" }, { type: "text", text: "part two" }] }],
    });
    expect(res.choices.map((c) => [c.index, c.message.content])).toEqual([
      [0, "Echo: part one\npart two"],
      [1, "Echo: part one\npart two"],
    ]);
  });

  it("streams word chunks and a final usage chunk with include_usage", async () => {
    fake().script("The quick brown fox");
    const stream = await client().chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "tell me a story" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    const text = chunks.map((c) => c.choices[0]?.delta?.content ?? "").join("");
    expect(text).toBe("The quick brown fox");
    expect(chunks.every((c) => c.id === "chatcmpl-1" && c.object === "chat.completion.chunk")).toBe(true);
    expect(chunks[0].choices[0].delta.role).toBe("assistant");
    const contentChunks = chunks.filter((c) => c.choices[0]?.delta?.content);
    expect(contentChunks.map((c) => c.choices[0].delta.content)).toEqual(["The ", "quick ", "brown ", "fox"]);
    const finish = chunks.find((c) => c.choices[0]?.finish_reason);
    expect(finish?.choices[0].finish_reason).toBe("stop");
    const last = chunks[chunks.length - 1];
    expect(last.choices).toEqual([]);
    expect(last.usage).toMatchObject({ prompt_tokens: 4, completion_tokens: 4, total_tokens: 8 });
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
  });

  it("streams without usage when include_usage is not set", async () => {
    const stream = await client().chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "ping" }],
      stream: true,
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.some((c) => c.usage)).toBe(false);
    expect(chunks.map((c) => c.choices[0]?.delta?.content ?? "").join("")).toBe("Echo: ping");
  });

  it("reassembles streamed tool-call deltas through chat.completions.stream()", async () => {
    const args = { city: "Paris", unit: "celsius", days: 3 };
    fake().script({ toolCalls: [{ name: "get_weather", arguments: args }, { name: "get_time", arguments: { tz: "CET" } }] });
    const runner = client().chat.completions.stream({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "Weather in Paris?" }],
      tools: [
        { type: "function", function: { name: "get_weather", parameters: { type: "object", properties: {} } } },
        { type: "function", function: { name: "get_time", parameters: { type: "object", properties: {} } } },
      ],
    });
    const argDeltas: string[] = [];
    runner.on("tool_calls.function.arguments.delta", (e) => argDeltas.push(e.arguments_delta));
    const final = await runner.finalChatCompletion();
    const message = final.choices[0].message;
    expect(final.choices[0].finish_reason).toBe("tool_calls");
    expect(message.content).toBeNull();
    expect(message.tool_calls).toHaveLength(2);
    const [weather, time] = message.tool_calls!;
    expect(weather).toMatchObject({ id: "call_1", type: "function", function: { name: "get_weather" } });
    expect(JSON.parse((weather as any).function.arguments)).toEqual(args);
    expect(time).toMatchObject({ id: "call_2", function: { name: "get_time", arguments: '{"tz":"CET"}' } });
    // arguments really were split over several chunks
    expect(argDeltas.length).toBeGreaterThan(4);
  });

  it("runs a tool-calling loop: tool call first, text after the tool result", async () => {
    fake().setHandler(
      toolCallThenAnswer({ name: "add", arguments: { a: 2, b: 3 }, id: "call_add" }, (results) => `The sum is ${results.at(-1)}`),
    );
    const messages: any[] = [{ role: "user", content: "What is 2 + 3?" }];
    const tools = [{ type: "function" as const, function: { name: "add", parameters: { type: "object" } } }];
    let answer: string | null = null;
    for (let turn = 0; turn < 4 && answer === null; turn++) {
      const res = await client().chat.completions.create({ model: "gpt-4o-mini", messages, tools });
      const msg = res.choices[0].message;
      messages.push(msg);
      if (msg.tool_calls?.length) {
        for (const call of msg.tool_calls as any[]) {
          const { a, b } = JSON.parse(call.function.arguments);
          messages.push({ role: "tool", tool_call_id: call.id, content: String(a + b) });
        }
      } else answer = msg.content;
    }
    expect(answer).toBe("The sum is 5");
    const bodies = fake().requests.map((r) => r.body);
    expect(bodies).toHaveLength(2);
    expect(bodies[1].messages.map((m: any) => m.role)).toEqual(["user", "assistant", "tool"]);
    expect(bodies[1].messages[1].tool_calls[0]).toMatchObject({ id: "call_add", function: { name: "add" } });
  });

  it("consumes scripted replies in order, then falls back to the handler", async () => {
    fake().script("first", { text: "second", finishReason: "length", usage: { input: 100, output: 7 } });
    fake().setHandler(() => "from handler");
    const ask = () => client().chat.completions.create({ model: "m", messages: [{ role: "user", content: "q" }] });
    const a = await ask();
    const b = await ask();
    const c = await ask();
    expect([a, b, c].map((r) => r.choices[0].message.content)).toEqual(["first", "second", "from handler"]);
    expect(b.choices[0].finish_reason).toBe("length");
    expect(b.usage).toMatchObject({ prompt_tokens: 100, completion_tokens: 7, total_tokens: 107 });
    expect(fake().pending).toBe(0);
  });
});
