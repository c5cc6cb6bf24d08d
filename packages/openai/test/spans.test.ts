import { withSpan } from "@traceloom/core";
import { describe, expect, it } from "vitest";
import { autolog } from "../src/index.js";
import { chatHelpers, lastTrace, loadSdk, makeClient, MAJORS, onlySpan, SECRET_KEY, user, useFakeAndStore } from "./helpers.js";

const fake = useFakeAndStore();

const WEATHER_TOOL = {
  type: "function",
  function: { name: "get_weather", description: "Weather of a city", parameters: { type: "object", properties: { city: { type: "string" } } } },
};

describe.each(MAJORS)("openai v%i spans", (major) => {
  async function setup() {
    const v = await loadSdk(major);
    const client = makeClient(v, fake());
    autolog({ openai: v.sdk });
    return { v, client };
  }

  it("records a chat completion: request, response, model, params, tools, finish reason, usage, format", async () => {
    const { client } = await setup();
    const request = { model: "gpt-4o-mini", messages: user("hi there"), temperature: 0.2, tools: [WEATHER_TOOL] };
    const res = await client.chat.completions.create(request);
    const span = await onlySpan();
    expect(span.name).toBe("ChatCompletions");
    expect(span.spanType).toBe("CHAT_MODEL");
    expect(span.status.code).toBe("STATUS_CODE_OK");
    expect(span.inputs).toEqual(request);
    expect(span.outputs).toEqual(JSON.parse(JSON.stringify(res)));
    expect(span.attribute("mlflow.message.format")).toBe("openai");
    expect(span.attribute("model")).toBe("gpt-4o-mini");
    expect(span.attribute("invocation_params")).toEqual({ model: "gpt-4o-mini", temperature: 0.2 });
    expect(span.attribute("mlflow.chat.tools")).toEqual([WEATHER_TOOL]);
    expect(span.attribute("finish_reason")).toBe("stop");
    expect(span.tokenUsage).toEqual({ input_tokens: 2, output_tokens: 3, total_tokens: 5 });
  });

  it("aggregates a streamed tool call, marks the first token and takes usage from the final chunk", async () => {
    const { client } = await setup();
    fake().script({ toolCalls: [{ name: "get_weather", arguments: { city: "Paris" } }] });
    const stream = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: user("weather in Paris?"),
      tools: [WEATHER_TOOL],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: any[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    const span = await onlySpan();
    const out = span.outputs as any;
    expect(out.object).toBe("chat.completion");
    expect(out.choices[0].message.tool_calls).toEqual([
      { id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } },
    ]);
    expect(out.choices[0].finish_reason).toBe("tool_calls");
    expect(span.attribute("finish_reason")).toBe("tool_calls");
    expect(span.tokenUsage).toEqual(chunks.at(-1).usage && {
      input_tokens: chunks.at(-1).usage.prompt_tokens,
      output_tokens: chunks.at(-1).usage.completion_tokens,
      total_tokens: chunks.at(-1).usage.total_tokens,
    });
    expect(span.tokenUsage?.input_tokens).toBe(3);
    const first = span.events.find((e) => e.name === "first_token");
    expect(first?.attributes.time_to_first_token_ms).toEqual(expect.any(Number));
    expect(span.events.map((e) => e.name)).not.toContain("cancelled");
  });

  it("records an HTTP error as an exception with status ERROR, and the caller gets the SDK's error", async () => {
    const { v, client } = await setup();
    fake().script({ error: { status: 429, message: "slow down", retryable: false } });
    const err = await client.chat.completions.create({ model: "m", messages: user("x") }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(v.sdk.RateLimitError);
    const span = await onlySpan();
    expect(span.status.code).toBe("STATUS_CODE_ERROR");
    const exception = span.events.find((e) => e.name === "exception");
    expect(exception?.attributes["exception.type"]).toBe(err.constructor.name);
    expect(exception?.attributes["exception.message"]).toBe(err.message);
  });

  it("records a parse() helper call as its request: the response and its usage, status OK", async () => {
    const { client } = await setup();
    fake().script('{"city":"Paris"}');
    const format = { type: "json_schema", json_schema: { name: "city", strict: true, schema: { type: "object", properties: { city: { type: "string" } } } } };
    const res = await chatHelpers(client, major).parse({ model: "m", messages: user("which city?"), response_format: format });
    expect(res.choices[0].message.parsed).toEqual({ city: "Paris" });
    const span = await onlySpan();
    expect(span.status.code).toBe("STATUS_CODE_OK");
    expect((span.outputs as any).choices[0].message.content).toBe('{"city":"Paris"}');
    expect(span.tokenUsage?.total_tokens).toBe(res.usage.total_tokens);
  });

  it("nests two calls under the user's span: one trace, two children", async () => {
    const { client } = await setup();
    await withSpan({ name: "agent", spanType: "AGENT" }, async () => {
      await client.chat.completions.create({ model: "m", messages: user("first") });
      await client.embeddings.create({ model: "e", input: "second" });
    });
    const t = await lastTrace();
    const root = t.spans.find((s) => s.parentId === null)!;
    expect(root.name).toBe("agent");
    expect(t.spans.filter((s) => s.parentId === root.spanId).map((s) => s.name)).toEqual(["ChatCompletions", "Embeddings"]);
  });
});

describe("openai v7 spans: every endpoint, streams and failures", () => {
  async function setup() {
    const v = await loadSdk(7);
    const client = makeClient(v, fake());
    autolog({ openai: v.sdk });
    return { v, client };
  }

  it("records responses, completions and embeddings with their span types and usage", async () => {
    const { client } = await setup();
    const r = await client.responses.create({ model: "gpt-4.1", input: "tell me", instructions: "be brief" });
    let span = await onlySpan();
    expect([span.name, span.spanType]).toEqual(["Responses", "CHAT_MODEL"]);
    expect((span.outputs as any).id).toBe(r.id);
    expect(span.attribute("finish_reason")).toBe("completed");
    expect(span.attribute("invocation_params")).toEqual({ model: "gpt-4.1" });
    expect(span.tokenUsage).toEqual({ input_tokens: r.usage.input_tokens, output_tokens: r.usage.output_tokens, total_tokens: r.usage.total_tokens });

    await client.completions.create({ model: "gpt-3.5-turbo-instruct", prompt: "say it" });
    span = await onlySpan();
    expect([span.name, span.spanType, span.attribute("finish_reason")]).toEqual(["Completions", "LLM", "stop"]);
    expect((span.outputs as any).choices[0].text).toBe("Echo: say it");

    const e = await client.embeddings.create({ model: "text-embedding-3-small", input: "one two" });
    span = await onlySpan();
    expect([span.name, span.spanType]).toEqual(["Embeddings", "EMBEDDING"]);
    expect((span.outputs as any).data[0].embedding).toEqual(e.data[0].embedding);
    expect(span.tokenUsage).toEqual({ input_tokens: 2, output_tokens: 0, total_tokens: 2 });
  });

  it("records a streamed response from its completed event, and a streamed completion", async () => {
    const { client } = await setup();
    const events: any[] = [];
    for await (const event of await client.responses.create({ model: "gpt-4.1", input: "stream it", stream: true })) events.push(event);
    let span = await onlySpan();
    const completed = events.find((e) => e.type === "response.completed");
    expect((span.outputs as any).id).toBe(completed.response.id);
    expect((span.outputs as any).output[0].content[0].text).toBe("Echo: stream it");
    expect(span.tokenUsage?.total_tokens).toBe(completed.response.usage.total_tokens);
    expect(span.events.some((e) => e.name === "first_token")).toBe(true);

    let text = "";
    for await (const c of await client.completions.create({ model: "i", prompt: "stream text", stream: true })) text += c.choices[0].text;
    span = await onlySpan();
    expect((span.outputs as any).choices[0].text).toBe(text);
    expect(span.tokenUsage).toBeUndefined();
  });

  it("ends a stream stopped early with a cancelled event and the partial message", async () => {
    const { client } = await setup();
    const stream = await client.chat.completions.create({ model: "m", messages: user("a b c d e f"), stream: true });
    let n = 0;
    for await (const _chunk of stream) if (++n === 3) break;
    const span = await onlySpan();
    expect(span.events.map((e) => e.name)).toContain("cancelled");
    expect(span.status.code).toBe("STATUS_CODE_OK");
    expect((span.outputs as any).choices[0].message.content).toBe("Echo: a ");
    expect(stream.controller.signal.aborted).toBe(true);
  });

  it("ends a stream aborted by the caller's signal as cancelled", async () => {
    const { client } = await setup();
    fake().script({ text: "one two three four", interrupt: { mode: "stall", after: 3 } });
    const controller = new AbortController();
    const stream = await client.chat.completions.create({ model: "m", messages: user("x"), stream: true }, { signal: controller.signal });
    let n = 0;
    await (async () => {
      for await (const _chunk of stream) if (++n === 3) controller.abort();
    })().catch(() => undefined);
    const span = await onlySpan();
    expect(span.events.map((e) => e.name)).toContain("cancelled");
  });

  it("records a broken stream, a network error and an aborted request as errors", async () => {
    const { v, client } = await setup();
    fake().script({ text: "alpha beta gamma", interrupt: { mode: "break", after: 2 } });
    const stream = await client.chat.completions.create({ model: "m", messages: user("x"), stream: true });
    const streamErr = await (async () => {
      for await (const _chunk of stream);
    })().catch((e: unknown) => e);
    let span = await onlySpan();
    expect(span.status.code).toBe("STATUS_CODE_ERROR");
    expect(span.events.find((e) => e.name === "exception")?.attributes["exception.message"]).toBe((streamErr as Error).message);
    // the SDK aborts its own controller on every failure: that is not the caller cancelling
    expect(stream.controller.signal.aborted).toBe(true);
    expect(span.events.map((e) => e.name)).toEqual(["first_token", "exception"]);

    fake().script({ text: "never", interrupt: { mode: "break" } });
    const netErr = await client.chat.completions.create({ model: "m", messages: user("x") }).catch((e: unknown) => e);
    expect(netErr).toBeInstanceOf(v.sdk.APIConnectionError);
    span = await onlySpan();
    expect(span.events.find((e) => e.name === "exception")?.attributes["exception.type"]).toBe(netErr.constructor.name);

    fake().script({ text: "late", delayMs: 5_000 });
    const controller = new AbortController();
    const pending = client.chat.completions.create({ model: "m", messages: user("x") }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    const abortErr = await pending.catch((e: unknown) => e);
    expect(abortErr).toBeInstanceOf(v.sdk.APIUserAbortError);
    span = await onlySpan();
    expect(span.status.code).toBe("STATUS_CODE_ERROR");
    expect(span.events.find((e) => e.name === "exception")?.attributes["exception.type"]).toBe(abortErr.constructor.name);
  });

  it("keeps concurrent calls apart: each trace holds its own request and answer", async () => {
    const { client } = await setup();
    fake().setHandler((_body, ctx) => ({ text: `answer ${ctx.lastUserText}`, delayMs: 40 - Number(ctx.lastUserText) * 7 }));
    const ids = ["1", "2", "3", "4", "5"];
    await Promise.all(
      ids.map((id) => withSpan({ name: `task ${id}` }, () => client.chat.completions.create({ model: "m", messages: user(id) }))),
    );
    const { allTraces } = await import("./helpers.js");
    const traces = await allTraces();
    expect(traces).toHaveLength(5);
    for (const t of traces) {
      const id = t.spans.find((s) => s.parentId === null)!.name.replace("task ", "");
      const child = t.spans.find((s) => s.name === "ChatCompletions")!;
      expect((child.inputs as any).messages[0].content).toBe(id);
      expect((child.outputs as any).choices[0].message.content).toBe(`answer ${id}`);
    }
  });

  it("never stores the API key or an Authorization header", async () => {
    const { client } = await setup();
    await withSpan("agent", async () => {
      await client.chat.completions.create({ model: "m", messages: user("secret?") }, { headers: { "X-Custom": "hdr-value" } });
      for await (const _chunk of await client.chat.completions.create({ model: "m", messages: user("s"), stream: true }));
      await client.responses.create({ model: "m", input: "r" });
      await client.embeddings.create({ model: "e", input: "q" });
    });
    const json = JSON.stringify((await lastTrace()).toJSON());
    expect(json).toContain("ChatCompletions");
    expect(json).not.toContain(SECRET_KEY);
    expect(json.toLowerCase()).not.toContain("authorization");
    expect(json.toLowerCase()).not.toContain("bearer");
    expect(json).not.toContain("hdr-value");
  });

  it("records the helpers as their requests: runTools rounds nest under the active span", async () => {
    const { client } = await setup();
    const { toolCallThenAnswer } = await import("@traceloom/testkit");
    fake().setHandler(toolCallThenAnswer({ name: "add", arguments: { a: 1, b: 2 } }, (r) => `Sum: ${r.at(-1)}`));
    const tool = {
      type: "function",
      function: { name: "add", parameters: { type: "object", properties: {} }, function: ({ a, b }: any) => String(a + b), parse: JSON.parse },
    };
    const answer = await withSpan("agent", () => client.chat.completions.runTools({ model: "m", messages: user("add"), tools: [tool] }).finalContent());
    expect(answer).toBe("Sum: 3");
    const t = await lastTrace();
    const calls = t.spans.filter((s) => s.name === "ChatCompletions");
    expect(calls).toHaveLength(2);
    expect((calls[0].outputs as any).choices[0].message.tool_calls[0].function.name).toBe("add");
    expect((calls[1].outputs as any).choices[0].message.content).toBe("Sum: 3");
  });
});
