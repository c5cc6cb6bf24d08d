import { describe, expect, it } from "vitest";
import { useFake } from "./setup.js";

const { fake, client } = useFake();

describe("responses API", () => {
  it("creates a completed response with output_text and usage", async () => {
    const res = await client().responses.create({
      model: "gpt-4.1-mini",
      instructions: "Be brief.",
      input: "Name three colours",
    });
    expect(res.id).toBe("resp_1");
    expect(res.object).toBe("response");
    expect(res.status).toBe("completed");
    expect(res.model).toBe("gpt-4.1-mini");
    expect(res.instructions).toBe("Be brief.");
    expect(res.output_text).toBe("Echo: Name three colours");
    expect(res.output).toEqual([
      {
        id: "msg_1",
        type: "message",
        status: "completed",
        role: "assistant",
        content: [{ type: "output_text", text: "Echo: Name three colours", annotations: [], logprobs: [] }],
      },
    ]);
    // 2 instruction words + 3 input words; 4 output words
    expect(res.usage).toMatchObject({ input_tokens: 5, output_tokens: 4, total_tokens: 9 });
  });

  it("reads the last user message from input items", async () => {
    const res = await client().responses.create({
      model: "gpt-4.1-mini",
      input: [
        { role: "user", content: "first question" },
        { role: "assistant", content: "first answer" },
        { role: "user", content: [{ type: "input_text", text: "second question" }] },
      ],
    });
    expect(res.output_text).toBe("Echo: second question");
    expect(res.usage?.input_tokens).toBe(6);
  });

  it("streams the real event sequence, accumulated by responses.stream()", async () => {
    fake().script("Red green blue");
    const stream = client().responses.stream({ model: "gpt-4.1-mini", input: "Name three colours" });
    const types: string[] = [];
    const deltas: string[] = [];
    stream.on("event", (e) => types.push(e.type));
    stream.on("response.output_text.delta", (e) => deltas.push(e.delta));
    const final = await stream.finalResponse();
    expect(types).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.content_part.added",
      "response.output_text.delta",
      "response.output_text.delta",
      "response.output_text.delta",
      "response.output_text.done",
      "response.content_part.done",
      "response.output_item.done",
      "response.completed",
    ]);
    expect(deltas).toEqual(["Red ", "green ", "blue"]);
    expect(final.output_text).toBe("Red green blue");
    expect(final.usage).toMatchObject({ input_tokens: 3, output_tokens: 3, total_tokens: 6 });
  });

  it("streams raw events with create({stream: true}) and sequence numbers", async () => {
    const stream = await client().responses.create({ model: "gpt-4.1-mini", input: "hello", stream: true });
    const events = [];
    for await (const event of stream) events.push(event);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    const completed = events.at(-1) as any;
    expect(completed.type).toBe("response.completed");
    expect(completed.response.usage).toEqual({
      input_tokens: 1,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: 2,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 3,
    });
    const done = events.find((e) => e.type === "response.output_text.done") as any;
    expect(done.text).toBe("Echo: hello");
  });

  it("streams function calls and sees function_call_output on the next turn", async () => {
    fake().setHandler((_body, ctx) =>
      ctx.hasToolResult ? `Result was ${ctx.toolResults[0]}` : { toolCalls: [{ name: "lookup", arguments: { q: "ts tracing" } }] },
    );
    const first = client().responses.stream({
      model: "gpt-4.1-mini",
      input: "search please",
      tools: [{ type: "function", name: "lookup", parameters: { type: "object", properties: {} }, strict: false }],
    });
    const argDeltas: string[] = [];
    first.on("response.function_call_arguments.delta", (e) => argDeltas.push(e.delta));
    const response = await first.finalResponse();
    const call = response.output[0] as any;
    expect(call).toMatchObject({ type: "function_call", id: "fc_1", call_id: "call_1", name: "lookup", status: "completed" });
    expect(JSON.parse(call.arguments)).toEqual({ q: "ts tracing" });
    expect(argDeltas.join("")).toBe(call.arguments);
    expect(argDeltas.length).toBeGreaterThan(1);

    const second = await client().responses.create({
      model: "gpt-4.1-mini",
      input: [
        { role: "user", content: "search please" },
        { type: "function_call", call_id: call.call_id, name: call.name, arguments: call.arguments },
        { type: "function_call_output", call_id: call.call_id, output: "42 hits" },
      ],
    });
    expect(second.output_text).toBe("Result was 42 hits");
  });
});
