import { describe, expect, it } from "vitest";
import { z } from "zod";
import { autolog } from "../src/index.js";
import { agentScript, allTraces, childrenInOrder, lastTrace, shapeOf, twoTools, useFakeAndStore } from "./helpers.js";
import { MAJORS, REGISTERED_V6, type Major } from "./majors.js";

const fake = useFakeAndStore();

/** Keys whose values differ between any two runs: timings, rates, dates, generated ids. */
const VOLATILE = /^(timestamp|id|responseId|date|performance)$|Ms$|PerSecond$/;

/** Drops what differs between any two runs (timestamps, generated ids). */
function stable(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (key, v) => (VOLATILE.test(key) ? undefined : v)));
}

describe.each([...MAJORS, REGISTERED_V6])("$name: transparency", ({ ai, createOpenAI }: Major) => {
  const { generateText, stepCountIs, streamText } = ai;
  const provider = () => createOpenAI({ baseURL: fake().url, apiKey: "test" });

  /** What an application sees of an agent run: everything but timings and generated ids. */
  async function agentRun(): Promise<unknown> {
    fake().reset();
    fake().script(...agentScript());
    const r = await generateText({ model: provider()("gpt-4o-mini"), prompt: "Weather in Paris, and 2+3?", tools: twoTools(ai.tool), stopWhen: stepCountIs(5) });
    return stable({ text: r.text, steps: r.steps.map((s) => ({ content: s.content, usage: s.usage, finishReason: s.finishReason })), totalUsage: r.totalUsage, messages: r.response.messages });
  }

  async function streamRun(): Promise<unknown> {
    fake().reset();
    fake().script(...agentScript());
    const r = streamText({ model: provider()("gpt-4o-mini"), prompt: "Weather in Paris, and 2+3?", tools: twoTools(ai.tool), stopWhen: stepCountIs(5) });
    const parts: unknown[] = [];
    for await (const part of r.fullStream) parts.push(part);
    return stable({ parts, text: await r.text, usage: await r.totalUsage });
  }

  it("generateText and streamText give the same results with and without autolog", async () => {
    const plain = [await agentRun(), await streamRun()];
    autolog();
    const traced = [await agentRun(), await streamRun()];
    expect(traced).toEqual(plain);
    expect(await allTraces()).toHaveLength(2);
  });

  it("a tool's error reaches the model as without autolog, and is recorded on its TOOL span", async () => {
    const failing = {
      broken: { ...twoTools(ai.tool).weather, execute: async () => Promise.reject(new Error("tool exploded")) },
    };
    const run = async () => {
      fake().reset();
      fake().script({ toolCalls: [{ name: "broken", arguments: { city: "x" }, id: "call_b" }] }, "fine");
      const r = await generateText({ model: provider()("gpt-4o-mini"), prompt: "go", tools: failing, stopWhen: stepCountIs(3) });
      return stable(r.steps.map((s) => s.content));
    };
    const plain = await run();
    autolog();
    expect(await run()).toEqual(plain);
    const tool = childrenInOrder(await lastTrace())[1];
    expect(tool.name).toBe("broken");
    expect(tool.status.code).toBe("STATUS_CODE_ERROR");
  });

  it("autolog({ logTraces: false }) and autolog({ disable: true }) record nothing", async () => {
    autolog({ logTraces: false });
    await agentRun();
    autolog();
    autolog({ disable: true });
    await agentRun();
    expect(await allTraces()).toHaveLength(0);
    expect((globalThis as any).AI_SDK_TELEMETRY_INTEGRATIONS).toEqual([]);
  });

  it("20 concurrent agent runs: 20 traces, each with its own steps and tools, no cross-talk", async () => {
    autolog();
    fake().setHandler((_body, ctx) => {
      const city = /city (\w+)/.exec(ctx.lastUserText)?.[1] ?? "?";
      if (ctx.toolResults.length === 0) return { toolCalls: [{ name: "weather", arguments: { city } }], delayMs: Math.floor(Math.random() * 20) };
      if (ctx.toolResults.length === 1) return { toolCalls: [{ name: "add", arguments: { a: city.length, b: 1 } }], delayMs: Math.floor(Math.random() * 20) };
      return `done ${city}`;
    });
    const cities = Array.from({ length: 20 }, (_, i) => `C${i}x`);
    const results = await Promise.all(
      cities.map((city) => generateText({ model: provider()("gpt-4o-mini"), prompt: `city ${city}`, tools: twoTools(ai.tool), stopWhen: stepCountIs(5) })),
    );
    expect(results.map((r) => r.text)).toEqual(cities.map((c) => `done ${c}`));
    const traces = await allTraces();
    expect(traces).toHaveLength(20);
    for (const trace of traces) {
      expect(shapeOf(trace)).toEqual(["generateText AGENT", ["chat gpt-4o-mini CHAT_MODEL", "weather TOOL", "chat gpt-4o-mini CHAT_MODEL", "add TOOL", "chat gpt-4o-mini CHAT_MODEL"]]);
      const city = /city (\w+)/.exec(JSON.stringify(trace.rootSpan!.inputs))![1];
      const [, weather, , , last] = childrenInOrder(trace);
      expect(weather.outputs).toBe(`Sunny in ${city}`);
      expect(last.outputs).toEqual({ role: "assistant", content: `done ${city}` });
    }
  });

  it("20 concurrent streamed agent runs, read at once: 20 traces, no cross-talk", async () => {
    autolog();
    fake().setHandler((_body, ctx) => {
      const city = /city (\w+)/.exec(ctx.lastUserText)?.[1] ?? "?";
      if (ctx.toolResults.length === 0) return { toolCalls: [{ name: "weather", arguments: { city } }], delayMs: Math.floor(Math.random() * 20) };
      return { text: `done ${city}`, chunkDelayMs: Math.floor(Math.random() * 5) };
    });
    const cities = Array.from({ length: 20 }, (_, i) => `S${i}y`);
    const texts = await Promise.all(
      cities.map(async (city) => {
        const r = streamText({ model: provider()("gpt-4o-mini"), prompt: `city ${city}`, tools: twoTools(ai.tool), stopWhen: stepCountIs(5) });
        let text = "";
        for await (const delta of r.textStream) text += delta;
        return text;
      }),
    );
    expect(texts).toEqual(cities.map((c) => `done ${c}`));
    const traces = await allTraces();
    expect(traces).toHaveLength(20);
    for (const trace of traces) {
      expect(shapeOf(trace)).toEqual(["streamText AGENT", ["chat gpt-4o-mini CHAT_MODEL", "weather TOOL", "chat gpt-4o-mini CHAT_MODEL"]]);
      const city = /city (\w+)/.exec(JSON.stringify(trace.rootSpan!.inputs))![1];
      const [, weather, last] = childrenInOrder(trace);
      expect(weather.outputs).toBe(`Sunny in ${city}`);
      expect(last.outputs).toEqual({ role: "assistant", content: `done ${city}` });
      expect(trace.rootSpan!.outputs).toEqual({ role: "assistant", content: `done ${city}` });
    }
  });
});

describe("structured output and embeddings (ai 7)", () => {
  const { ai, createOpenAI } = MAJORS[0];
  const { embed, embedMany, generateObject } = ai;
  const provider = () => createOpenAI({ baseURL: fake().url, apiKey: "test" });
  it("generateObject: the object is the operation's output, the JSON text the model's", async () => {
    autolog();
    fake().script({ text: JSON.stringify({ name: "Ada", age: 36 }), usage: { input: 5, output: 6 } });
    const { object } = await generateObject({ model: provider()("gpt-4o-mini"), schema: z.object({ name: z.string(), age: z.number() }), prompt: "who" });
    const trace = await lastTrace();
    expect(shapeOf(trace)).toEqual(["generateObject CHAIN", ["chat gpt-4o-mini CHAT_MODEL"]]);
    expect(trace.rootSpan!.outputs).toEqual(object);
    expect(childrenInOrder(trace)[0].outputs).toEqual({ role: "assistant", content: JSON.stringify(object) });
    expect(trace.tokenUsage).toEqual({ input_tokens: 5, output_tokens: 6, total_tokens: 11 });
  });

  it("embed and embedMany: an EMBEDDING span per model call, with the vectors and token usage", async () => {
    autolog();
    const model = provider().embedding("text-embedding-3-small");
    const one = await embed({ model, value: "hello world" });
    const single = await lastTrace();
    expect(shapeOf(single)).toEqual(["embed CHAIN", ["embeddings text-embedding-3-small EMBEDDING"]]);
    expect(single.rootSpan!.outputs).toEqual({ embedding: one.embedding });
    expect(childrenInOrder(single)[0].tokenUsage).toEqual({ input_tokens: one.usage.tokens, output_tokens: 0, total_tokens: one.usage.tokens });
    const many = await embedMany({ model, values: ["a", "b c"] });
    const batch = await lastTrace();
    expect(shapeOf(batch)).toEqual(["embedMany CHAIN", ["embeddings text-embedding-3-small EMBEDDING"]]);
    expect(batch.rootSpan!.inputs).toEqual({ values: ["a", "b c"] });
    expect(batch.rootSpan!.outputs).toEqual({ embeddings: many.embeddings });
  });
});

describe("ai 6 operations without telemetry events", () => {
  const { ai, createOpenAI } = MAJORS[1];
  const provider = () => createOpenAI({ baseURL: fake().url, apiKey: "test" });
  const schema = z.object({ name: z.string(), age: z.number() });

  /** ai 6's generateObject, streamObject, embed and embedMany, as an application sees them. */
  async function run(): Promise<unknown> {
    fake().reset();
    fake().script(JSON.stringify({ name: "Ada", age: 36 }), JSON.stringify({ name: "Bo", age: 7 }));
    const object = (await ai.generateObject({ model: provider()("gpt-4o-mini"), schema, prompt: "who" })).object;
    const streamed = ai.streamObject({ model: provider()("gpt-4o-mini"), schema, prompt: "who" });
    for await (const _ of streamed.partialObjectStream);
    const model = provider().embedding("text-embedding-3-small");
    const one = await ai.embed({ model, value: "hello" });
    const many = await ai.embedMany({ model, values: ["a", "b"] });
    return stable({ object, streamed: await streamed.object, one: one.embedding, many: many.embeddings });
  }

  it("run exactly as without autolog and record nothing (ai 6 sends no event for them)", async () => {
    const plain = await run();
    autolog();
    expect(await run()).toEqual(plain);
    expect(await allTraces()).toHaveLength(0);
  });
});

describe("ai 6 with register: generateObject, streamObject, embed, embedMany", () => {
  const plainAi = MAJORS[1].ai;
  const { ai, createOpenAI } = REGISTERED_V6;
  const provider = () => createOpenAI({ baseURL: fake().url, apiKey: "test" });
  const schema = z.object({ name: z.string(), age: z.number() });

  /** The four calls through `lib`: what the application gets back, and the result objects themselves. */
  async function run(lib: typeof ai) {
    fake().reset();
    fake().script(JSON.stringify({ name: "Ada", age: 36 }), JSON.stringify({ name: "Bo", age: 7 }));
    const generated = await lib.generateObject({ model: provider()("gpt-4o-mini"), schema, prompt: "who" });
    const streamed = lib.streamObject({ model: provider()("gpt-4o-mini"), schema, prompt: "who" });
    for await (const _ of streamed.partialObjectStream);
    const model = provider().embedding("text-embedding-3-small");
    const one = await lib.embed({ model, value: "hello" });
    const many = await lib.embedMany({ model, values: ["a", "b"] });
    const seen = stable({ object: generated.object, usage: generated.usage, streamed: await streamed.object, one, many });
    return { seen, results: [generated, streamed, one, many] };
  }

  it("give what the real functions give, result objects of the same classes, and trace each call", async () => {
    const plain = await run(plainAi);
    autolog();
    const traced = await run(ai);
    expect(traced.seen).toEqual(plain.seen);
    expect(traced.results.map((r) => Object.getPrototypeOf(r))).toEqual(plain.results.map((r) => Object.getPrototypeOf(r)));
    expect((await allTraces()).map((t) => shapeOf(t))).toEqual([
      ["generateObject CHAIN", ["chat gpt-4o-mini CHAT_MODEL"]],
      ["streamObject CHAIN", ["chat gpt-4o-mini CHAT_MODEL"]],
      ["embed CHAIN", ["embeddings text-embedding-3-small EMBEDDING"]],
      ["embedMany CHAIN", ["embeddings text-embedding-3-small EMBEDDING"]],
    ]);
  });

  it("record nothing with logTraces: false, and run the real functions untouched before autolog()", async () => {
    const before = await run(ai);
    autolog({ logTraces: false });
    const quiet = await run(ai);
    expect(quiet.seen).toEqual(before.seen);
    expect(await allTraces()).toHaveLength(0);
  });

  it("20 concurrent embeds and generateObjects: each trace holds its own call", async () => {
    autolog();
    fake().reset();
    fake().setHandler((ctx: any) => JSON.stringify({ name: String(ctx.lastUserText), age: 1 }));
    const model = provider().embedding("text-embedding-3-small");
    const runs = Array.from({ length: 20 }, (_, i) => [ai.embed({ model, value: `value ${i}` }), ai.generateObject({ model: provider()("gpt-4o-mini"), schema, prompt: `name ${i}` })] as const);
    const results = await Promise.all(runs.flat());
    const traces = await allTraces();
    expect(traces).toHaveLength(40);
    for (const [i, result] of results.entries()) {
      const call = Math.floor(i / 2);
      const embedding = "embedding" in result;
      const marker = embedding ? `"value ${call}"` : `"name ${call}"`;
      const trace = traces.find((t) => JSON.stringify(t.rootSpan!.inputs).includes(marker))!;
      expect(trace.rootSpan!.outputs).toEqual(embedding ? { embedding: result.embedding } : (result as { object: unknown }).object);
      expect(trace.spans).toHaveLength(2);
      // The model call span holds the same call's input.
      expect(JSON.stringify(trace.spans.find((s) => s !== trace.rootSpan)!.inputs)).toContain(marker.slice(1, -1));
    }
  });
});
