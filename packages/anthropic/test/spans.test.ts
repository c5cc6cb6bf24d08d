import { SpanType, trace, withSpan } from "@traceloom/core";
import { describe, expect, it } from "vitest";
import { autolog, tracedAnthropic } from "../src/index.js";
import { allTraces, ask, lastTrace, loadSdk, makeClient, MAJORS, MODEL, onlySpan, SECRET_KEY, useFakeAndStore } from "./helpers.js";

const fake = useFakeAndStore();
const PIXEL = Buffer.alloc(300, 7).toString("base64");

describe.each(MAJORS)("@anthropic-ai/sdk %i.x spans", (major) => {
  it("records a message: Anthropic-shaped inputs for the chat view, model, params, tools, stop_reason, usage with cache", async () => {
    const v = await loadSdk(major);
    autolog({ anthropic: v.sdk });
    fake().script({ thinking: "Let me think.", text: "A red pixel.", cacheReadTokens: 40, cacheCreationTokens: 12 });
    const tool = { name: "zoom", description: "Zooms in", input_schema: { type: "object", properties: {} } };
    await makeClient(v, fake()).messages.create({
      ...ask([
        { type: "text", text: "What is this?" },
        { type: "image", source: { type: "base64", media_type: "image/png", data: PIXEL } },
        { type: "document", source: { type: "text", media_type: "text/plain", data: "a long document" } },
      ]),
      system: [{ type: "text", text: "You see images." }],
      temperature: 0.2,
      tools: [tool],
    });
    const span = await onlySpan();
    expect(span.name).toBe("Messages.create");
    expect(span.spanType).toBe(SpanType.CHAT_MODEL);
    expect(span.attribute("mlflow.message.format")).toBe("anthropic");
    expect(span.attribute("model")).toBe(MODEL);
    expect(span.attribute("invocation_params")).toEqual({ model: MODEL, max_tokens: 256, temperature: 0.2 });
    expect(span.attribute("mlflow.chat.tools")).toEqual([{ type: "function", function: { name: "zoom", description: "Zooms in", parameters: tool.input_schema } }]);
    const inputs = span.inputs as any;
    expect(inputs.system).toEqual([{ type: "text", text: "You see images." }]);
    expect(inputs.messages[0].content).toEqual([
      { type: "text", text: "What is this?" },
      { type: "image", source: { type: "base64", media_type: "image/png", data: "[image image/png, 300 bytes]" } },
      { type: "text", text: "[document]" },
    ]);
    const outputs = span.outputs as any;
    expect(outputs.content.map((b: any) => b.type)).toEqual(["thinking", "text"]);
    expect(outputs.content[0].thinking).toBe("Let me think.");
    expect(span.attribute("stop_reason")).toBe("end_turn");
    const usage = outputs.usage;
    expect(span.tokenUsage).toEqual({
      input_tokens: usage.input_tokens,
      output_tokens: usage.output_tokens,
      total_tokens: usage.input_tokens + usage.output_tokens,
      cache_read_input_tokens: 40,
      cache_creation_input_tokens: 12,
    });
    expect(JSON.stringify((await lastTrace()).toJSON())).not.toContain(SECRET_KEY);
  });

  it("records tool_use and tool_result blocks as they were sent and received", async () => {
    const v = await loadSdk(major);
    autolog({ anthropic: v.sdk });
    fake().script({ text: "", toolUse: { id: "toolu_1", name: "get_weather", input: { city: "Paris" } } });
    const client = makeClient(v, fake());
    await client.messages.create(ask("Weather?"));
    expect(((await onlySpan()).outputs as any).content).toEqual([{ type: "tool_use", id: "toolu_1", name: "get_weather", input: { city: "Paris" } }]);
    expect((await onlySpan()).attribute("stop_reason")).toBe("tool_use");
    await client.messages.create({
      model: MODEL,
      max_tokens: 64,
      messages: [
        { role: "user", content: "Weather?" },
        { role: "assistant", content: [{ type: "tool_use", id: "toolu_1", name: "get_weather", input: { city: "Paris" } }] },
        { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_1", content: [{ type: "text", text: "sunny" }] }] },
      ],
    });
    expect(((await onlySpan()).inputs as any).messages[2].content).toEqual([{ type: "tool_result", tool_use_id: "toolu_1", content: [{ type: "text", text: "sunny" }] }]);
  });

  it("streams: the aggregated message (text, thinking, tool input), usage from message_start and message_delta, a first_token event", async () => {
    const v = await loadSdk(major);
    autolog({ anthropic: v.sdk });
    fake().script({ thinking: "Hmm, weather.", text: "Checking.", toolUse: { id: "toolu_9", name: "get_weather", input: { city: "Oslo", days: 3 } }, cacheReadTokens: 5 });
    const stream = await makeClient(v, fake()).messages.create(ask("Weather in Oslo?", { stream: true }));
    for await (const _ of stream) void _;
    const span = await onlySpan();
    const outputs = span.outputs as any;
    expect(outputs.content).toEqual([
      { type: "thinking", thinking: "Hmm, weather.", signature: "sig-2" },
      { type: "text", text: "Checking.", citations: null },
      { type: "tool_use", id: "toolu_9", name: "get_weather", input: { city: "Oslo", days: 3 } },
    ]);
    expect(span.attribute("stop_reason")).toBe("tool_use");
    expect(span.tokenUsage).toMatchObject({ input_tokens: 3, cache_read_input_tokens: 5 });
    expect(span.tokenUsage!.output_tokens).toBeGreaterThan(1);
    const firstToken = span.events.find((e) => e.name === "first_token");
    expect(firstToken?.attributes.time_to_first_token_ms).toBeGreaterThanOrEqual(0);
  });

  it("messages.stream(): one span, ended when the helper has read the stream, with the final message", async () => {
    const v = await loadSdk(major);
    autolog({ anthropic: v.sdk });
    const final = await makeClient(v, fake()).messages.stream(ask("helper")).finalMessage();
    const span = await onlySpan();
    expect((span.outputs as any).content).toEqual(final.content);
    expect(span.tokenUsage?.output_tokens).toBe(final.usage.output_tokens);
  });

  it("an early break ends the span as cancelled with what arrived; an API error keeps the SDK's error class", async () => {
    const v = await loadSdk(major);
    autolog({ anthropic: v.sdk });
    const client = makeClient(v, fake());
    let n = 0;
    for await (const _ of await client.messages.create(ask("one two three four five", { stream: true }))) if (++n === 4) break;
    const cancelled = await onlySpan();
    expect(cancelled.events.map((e) => e.name)).toContain("cancelled");
    expect((cancelled.outputs as any).content[0].text).toBe("Echo: one ");

    fake().script({ error: { status: 429, type: "rate_limit_error", message: "slow down" } });
    await expect(client.messages.create(ask("x"))).rejects.toThrow();
    const failed = await onlySpan();
    expect(failed.status.code).toBe("STATUS_CODE_ERROR");
    const exception = failed.events.find((e) => e.name === "exception");
    expect(exception?.attributes["exception.type"]).toBe("RateLimitError");
  });

  it("countTokens: its own span with the count", async () => {
    const v = await loadSdk(major);
    autolog({ anthropic: v.sdk });
    await makeClient(v, fake()).messages.countTokens({ model: MODEL, messages: [{ role: "user", content: "four words right here" }] });
    const span = await onlySpan();
    expect(span.name).toBe("Messages.countTokens");
    expect(span.outputs).toEqual({ input_tokens: 4 });
    expect(span.tokenUsage).toBeUndefined();
  });

  it("nests under trace() and withSpan(); the trace's token usage counts each call once", async () => {
    const v = await loadSdk(major);
    const client = tracedAnthropic(makeClient(v, fake()));
    const agent = trace(async (question: string) => {
      await withSpan("plan", () => client.messages.create(ask(question)));
      const s = client.messages.stream(ask("and stream"));
      return (await s.finalMessage()).content;
    }, { name: "agent" });
    await agent("nested please");
    const t = await lastTrace();
    const byName = new Map(t.spans.map((s) => [s.name, s]));
    expect(t.spans.map((s) => s.name).sort()).toEqual(["Messages.create", "Messages.create", "agent", "plan"]);
    const calls = t.spans.filter((s) => s.name === "Messages.create");
    expect(calls.map((s) => s.parentId).sort()).toEqual([byName.get("agent")!.spanId, byName.get("plan")!.spanId].sort());
    const sum = calls.reduce((n, s) => n + s.tokenUsage!.total_tokens, 0);
    expect(t.tokenUsage?.total_tokens).toBe(sum);
  });
});

describe("autolog options", () => {
  it("logTraces: false records nothing; disable restores the SDK's methods; tracedAnthropic with autolog records once", async () => {
    const v = await loadSdk(1);
    const original = v.sdk.Anthropic.Messages.prototype.create;
    autolog({ anthropic: v.sdk, logTraces: false });
    const client = makeClient(v, fake());
    await client.messages.create(ask("quiet"));
    expect(await allTraces()).toHaveLength(0);
    autolog({ anthropic: v.sdk });
    tracedAnthropic(client);
    await client.messages.create(ask("once"));
    expect(await allTraces()).toHaveLength(1);
    autolog({ disable: true });
    expect(v.sdk.Anthropic.Messages.prototype.create).toBe(original);
  });
});
