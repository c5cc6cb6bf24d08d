import { createOpenAI } from "@ai-sdk/openai";
import { generateText, streamObject, streamText } from "ai";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { autolog } from "../src/index.js";
import { allTraces, lastTrace, shapeOf, useFakeAndStore } from "./helpers.js";

const fake = useFakeAndStore();
const model = () => createOpenAI({ baseURL: fake().url, apiKey: "test" })("gpt-4o-mini");

async function read(stream: ReadableStream<unknown> | AsyncIterable<unknown>): Promise<number> {
  let chunks = 0;
  for await (const _ of stream as AsyncIterable<unknown>) chunks++;
  return chunks;
}

describe("streaming spans end when the stream is consumed", () => {
  it.each([
    ["textStream", (r: any) => read(r.textStream)],
    ["fullStream", (r: any) => read(r.fullStream)],
    ["consumeStream()", (r: any) => r.consumeStream()],
    ["toUIMessageStreamResponse()", (r: any) => r.toUIMessageStreamResponse().text()],
    ["toTextStreamResponse()", (r: any) => r.toTextStreamResponse().text()],
  ])("%s", async (_how, consume) => {
    autolog();
    fake().script({ text: "one two three", usage: { input: 4, output: 3 } });
    const result = streamText({ model: model(), prompt: "count" });
    await new Promise((r) => setTimeout(r, 50));
    expect(await allTraces()).toHaveLength(0); // not finished before it is read
    await consume(result);
    const trace = await lastTrace();
    expect(shapeOf(trace)).toEqual(["streamText CHAIN", ["chat gpt-4o-mini CHAT_MODEL"]]);
    expect(trace.info.state).toBe("OK");
    expect(trace.rootSpan!.outputs).toEqual({ role: "assistant", content: "one two three" });
    expect(trace.tokenUsage).toEqual({ input_tokens: 4, output_tokens: 3, total_tokens: 7 });
  });

  it("streamObject: ends when the partial object stream is consumed, with the object", async () => {
    autolog();
    fake().script(JSON.stringify({ name: "Ada", age: 36 }));
    const result = streamObject({ model: model(), schema: z.object({ name: z.string(), age: z.number() }), prompt: "who" });
    for await (const _ of result.partialObjectStream);
    const trace = await lastTrace();
    expect(shapeOf(trace)).toEqual(["streamObject CHAIN", ["chat gpt-4o-mini CHAT_MODEL"]]);
    expect(trace.rootSpan!.outputs).toEqual({ name: "Ada", age: 36 });
  });
});

describe("early stop and errors", () => {
  it("an abort signal ends the operation and its model call as cancelled", async () => {
    autolog();
    fake().script({ text: "a b c d e f g h i j", chunkDelayMs: 20 });
    const controller = new AbortController();
    const result = streamText({ model: model(), prompt: "x", abortSignal: controller.signal });
    let seen = 0;
    for await (const _ of result.textStream) if (++seen === 1) controller.abort();
    const trace = await lastTrace();
    expect(shapeOf(trace)).toEqual(["streamText CHAIN", ["chat gpt-4o-mini CHAT_MODEL"]]);
    for (const span of trace.spans) {
      expect(span.status.code).toBe("STATUS_CODE_OK");
      expect(span.events.map((e) => e.name)).toContain("cancelled");
    }
  });

  it("a failing stream ends the operation with an error", async () => {
    autolog();
    fake().script({ error: { status: 400, message: "bad request here" } });
    const result = streamText({ model: model(), prompt: "x", onError: () => {} });
    await result.consumeStream();
    const trace = await lastTrace();
    expect(trace.info.state).toBe("ERROR");
    expect(trace.rootSpan!.status.code).toBe("STATUS_CODE_ERROR");
  });

  it("a failing generateText records the error on the operation and the model call", async () => {
    autolog();
    fake().script({ error: { status: 400, message: "bad request here" } });
    await expect(generateText({ model: model(), prompt: "x", maxRetries: 0 })).rejects.toThrow(/bad request here/);
    const trace = await lastTrace();
    expect(trace.info.state).toBe("ERROR");
    expect(shapeOf(trace)).toEqual(["generateText CHAIN", ["chat gpt-4o-mini CHAT_MODEL"]]);
    for (const span of trace.spans) {
      expect(span.status.code).toBe("STATUS_CODE_ERROR");
      expect(span.events.find((e) => e.name === "exception")?.attributes["exception.message"]).toMatch(/bad request here/);
    }
  });
});

describe("streams left unread", () => {
  it("past the bound of open operations, the oldest left after a break ends as cancelled", async () => {
    const v7 = await import("../src/integration-v7.js");
    const { OperationRun } = await import("../src/operation-run.js");
    autolog();
    const handlers = new v7.V7Handlers((e) => OperationRun.start(e, "ai"));
    for (let i = 0; i <= v7.MAX_OPEN_OPERATIONS; i++) handlers.onStart({ callId: `c${i}`, operationId: "ai.streamText", modelId: "m", messages: [] });
    const traces = await allTraces();
    expect(traces).toHaveLength(1);
    expect(traces[0].rootSpan!.events.map((e) => e.name)).toEqual(["cancelled"]);
    handlers.onEnd({ callId: "c0" }); // a late end of the evicted operation changes nothing
    expect(await allTraces()).toHaveLength(1);
  });
});

describe("a stream left after a break", () => {
  it("ends as cancelled once the application drops it", async () => {
    autolog();
    fake().script({ text: "a b c d e f g h i j k l", chunkDelayMs: 5 });
    await (async () => {
      const result = streamText({ model: model(), prompt: "x" });
      for await (const _ of result.textStream) break;
    })();
    expect(await allTraces()).toHaveLength(0); // the AI SDK reports no end: the operation is still open
    for (let i = 0; i < 20 && (await allTraces()).length === 0; i++) {
      (globalThis as { gc?: () => void }).gc?.();
      await new Promise((r) => setTimeout(r, 50));
    }
    const trace = await lastTrace();
    expect(shapeOf(trace)).toEqual(["streamText CHAIN", ["chat gpt-4o-mini CHAT_MODEL"]]);
    expect(trace.rootSpan!.events.map((e) => e.name)).toEqual(["cancelled"]);
    expect(trace.rootSpan!.events[0].attributes.reason).toBe("the stream was dropped before its end");
  });
});
