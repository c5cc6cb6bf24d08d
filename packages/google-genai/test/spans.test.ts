import { trace, withSpan } from "@traceloom/core";
import { describe, expect, it } from "vitest";
import { autolog } from "../src/index.js";
import { allTraces, collect, lastTrace, loadSdk, makeClient, MAJORS, onlySpan, SECRET_KEY, useFakeAndStore } from "./helpers.js";

const fake = useFakeAndStore();

const WEATHER = {
  name: "get_weather",
  description: "Weather of a city",
  parameters: { type: "OBJECT", properties: { city: { type: "STRING" } }, required: ["city"] },
};

describe.each(MAJORS)("@google/genai v%i spans", (major) => {
  async function setup() {
    const copy = await loadSdk(major);
    const ai = makeClient(copy, fake());
    autolog({ genai: copy.sdk });
    return { copy, ai };
  }

  it("records generateContent: the request as sent, the response, model, settings, tools, finish reason, usage, format", async () => {
    const { ai } = await setup();
    const res = await ai.models.generateContent({
      model: "gemini-2.5-flash",
      contents: "hi there",
      config: { temperature: 0.2, systemInstruction: "Be brief.", tools: [{ functionDeclarations: [WEATHER] }] },
    });
    const span = await onlySpan();
    expect(span.name).toBe("Models.generateContent");
    expect(span.spanType).toBe("CHAT_MODEL");
    expect(span.status.code).toBe("STATUS_CODE_OK");
    const inputs = span.inputs as any;
    expect(inputs.model).toBe("gemini-2.5-flash");
    expect(inputs.contents).toEqual([{ role: "user", parts: [{ text: "hi there" }] }]);
    expect(inputs.systemInstruction.parts).toEqual([{ text: "Be brief." }]);
    expect(inputs.generationConfig).toEqual({ temperature: 0.2 });
    const { sdkHttpResponse: _h, ...body } = res;
    expect(span.outputs).toEqual(JSON.parse(JSON.stringify(body)));
    expect(span.attribute("mlflow.message.format")).toBe("gemini");
    expect(span.attribute("model")).toBe("gemini-2.5-flash");
    expect(span.attribute("invocation_params")).toEqual({ generationConfig: { temperature: 0.2 } });
    expect(span.attribute("mlflow.chat.tools")).toEqual([{ type: "function", function: WEATHER }]);
    expect(span.attribute("finish_reason")).toBe("STOP");
    expect(span.tokenUsage).toEqual({
      input_tokens: res.usageMetadata.promptTokenCount,
      output_tokens: res.usageMetadata.candidatesTokenCount,
      total_tokens: res.usageMetadata.totalTokenCount,
    });
    expect(JSON.stringify(span.toJSON())).not.toContain(SECRET_KEY);
  });

  it("aggregates a stream, marks the first token, takes usage and finish reason from the last chunk", async () => {
    const { ai } = await setup();
    fake().script({ text: "one two three", usage: { input: 4, output: 3, thoughts: 2 } });
    const chunks: any[] = await collect(await ai.models.generateContentStream({ model: "gemini-2.5-flash", contents: "count" }));
    const span = await onlySpan();
    expect(span.name).toBe("Models.generateContentStream");
    const out = span.outputs as any;
    expect(out.candidates).toEqual([{ content: { parts: [{ text: "one two three" }], role: "model" }, finishReason: "STOP", index: 0 }]);
    expect(out.usageMetadata).toEqual(JSON.parse(JSON.stringify(chunks.at(-1).usageMetadata)));
    expect(span.tokenUsage).toEqual({ input_tokens: 4, output_tokens: 3, total_tokens: 9 });
    expect(span.attribute("finish_reason")).toBe("STOP");
    const first = span.events.find((e) => e.name === "first_token");
    expect(first?.attributes.time_to_first_token_ms).toBeGreaterThanOrEqual(0);
    expect(span.events.some((e) => e.name === "cancelled")).toBe(false);
  });

  it("records function calls and the function responses sent back, in the chat messages", async () => {
    const { ai } = await setup();
    fake().setHandler((_b, ctx) => (ctx.functionResponses.length === 0 ? { functionCalls: [{ name: "get_weather", args: { city: "Oslo" } }] } : "Clear in Oslo"));
    const config = { tools: [{ functionDeclarations: [WEATHER] }] };
    const first = await ai.models.generateContent({ model: "gemini-2.5-flash", contents: "weather in Oslo?", config });
    const contents = [
      { role: "user", parts: [{ text: "weather in Oslo?" }] },
      first.candidates[0].content,
      { role: "user", parts: [{ functionResponse: { name: "get_weather", response: { sky: "clear" } } }] },
    ];
    await ai.models.generateContent({ model: "gemini-2.5-flash", contents, config });
    const [call, answer] = (await allTraces()).map((t) => t.spans[0]);
    expect((call.outputs as any).candidates[0].content.parts).toEqual([{ functionCall: { name: "get_weather", args: { city: "Oslo" } } }]);
    expect((answer.inputs as any).contents).toEqual(JSON.parse(JSON.stringify(contents)));
    expect((answer.outputs as any).candidates[0].content.parts).toEqual([{ text: "Clear in Oslo" }]);
  });

  it("a chat call is one CHAT_MODEL span holding the history; streamed chat too", async () => {
    const { ai } = await setup();
    const chat = ai.chats.create({ model: "gemini-2.5-flash" });
    await chat.sendMessage({ message: "first question" });
    await collect(await chat.sendMessageStream({ message: "second question" }));
    const traces = await allTraces();
    expect(traces.map((t) => t.spans.map((s) => [s.name, s.spanType]))).toEqual([
      [["Models.generateContent", "CHAT_MODEL"]],
      [["Models.generateContentStream", "CHAT_MODEL"]],
    ]);
    const second = traces[1].spans[0];
    expect((second.inputs as any).contents.map((c: any) => [c.role, c.parts[0].text])).toEqual([
      ["user", "first question"],
      ["model", "Echo: first question"],
      ["user", "second question"],
    ]);
    expect((second.outputs as any).candidates[0].content.parts[0].text).toBe("Echo: second question");
  });

  it("records embeddings as an EMBEDDING span", async () => {
    const { ai } = await setup();
    const res = await ai.models.embedContent({ model: "text-embedding-004", contents: ["alpha", "beta"] });
    const span = await onlySpan();
    expect(span.name).toBe("Models.embedContent");
    expect(span.spanType).toBe("EMBEDDING");
    expect((span.inputs as any).model).toBe("text-embedding-004");
    expect((span.inputs as any).requests).toHaveLength(2);
    expect((span.outputs as any).embeddings).toEqual(res.embeddings);
  });

  it("records the SDK's error class and status", async () => {
    const { copy, ai } = await setup();
    fake().script({ error: { code: 400, message: "bad request here" } });
    const err = await ai.models.generateContent({ model: "gemini-2.5-flash", contents: "x" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(copy.sdk.ApiError);
    const span = await onlySpan();
    expect(span.status.code).toBe("STATUS_CODE_ERROR");
    const ex = span.events.find((e) => e.name === "exception");
    expect(ex?.attributes["exception.type"]).toBe("ApiError");
    expect(ex?.attributes["exception.message"]).toBe((err as Error).message);
  });

  it("an early break ends the span as cancelled with what was read; an abort mid-stream too", async () => {
    const { ai } = await setup();
    await collect(await ai.models.generateContentStream({ model: "m", contents: "one two three four five" }), 2);
    let span = await onlySpan();
    expect(span.events.some((e) => e.name === "cancelled")).toBe(true);
    expect((span.outputs as any).candidates[0].content.parts[0].text).toBe("Echo: one ");

    const controller = new AbortController();
    fake().script({ text: "a b c d e f", chunkDelayMs: 50 });
    const stream = await ai.models.generateContentStream({ model: "m", contents: "abort", config: { abortSignal: controller.signal } });
    const err = await (async () => {
      for await (const _ of stream) controller.abort();
    })().catch((e: unknown) => e);
    expect((err as Error).name).toBe("AbortError");
    span = await onlySpan();
    expect(span.status.code).toBe("STATUS_CODE_ERROR");
    expect(span.events.some((e) => e.name === "cancelled")).toBe(true);
  });

  it("nests under trace() and withSpan()", async () => {
    const { ai } = await setup();
    const agent = trace(async (q: string) => withSpan("step", () => ai.models.generateContent({ model: "m", contents: q })), { name: "agent" });
    await agent("nested");
    const t = await lastTrace();
    const byName = Object.fromEntries(t.spans.map((s) => [s.name, s]));
    expect(Object.keys(byName).sort()).toEqual(["Models.generateContent", "agent", "step"]);
    expect(byName["Models.generateContent"].parentId).toBe(byName.step.spanId);
    expect(byName.step.parentId).toBe(byName.agent.spanId);
  });

  it("records nothing with logTraces: false, and disable restores the SDK's methods", async () => {
    const { copy, ai } = await setup();
    autolog({ logTraces: false });
    await ai.models.generateContent({ model: "m", contents: "quiet" });
    expect(await allTraces()).toHaveLength(0);
    autolog({ disable: true });
    const proto = Object.getPrototypeOf(ai.models);
    expect(proto.generateContentInternal).toBe(copy.sdk.Models.prototype.generateContentInternal);
    expect(proto.generateContentInternal.name).toBe("generateContentInternal");
    await ai.models.generateContent({ model: "m", contents: "off" });
    expect(await allTraces()).toHaveLength(0);
  });
});
