import { describe, expect, it } from "vitest";
import * as ai7Module from "ai";
import * as ai6Module from "ai-v6";
import { z } from "zod";
import { autolog } from "../src/index.js";
import { agentScript, allTraces, childrenInOrder, lastTrace, shapeOf, STEP_USAGE, twoTools, useFakeAndStore } from "./helpers.js";
import { MAJORS, REGISTERED_V6 } from "./majors.js";

const fake = useFakeAndStore();

async function read(stream: ReadableStream<unknown> | AsyncIterable<unknown>): Promise<number> {
  let chunks = 0;
  for await (const _ of stream as AsyncIterable<unknown>) chunks++;
  return chunks;
}

/** Collects garbage until a trace is finished: ai 6 reports neither errors nor dropped streams (see integration-v6.ts). */
async function traceAfterCollection() {
  for (let i = 0; i < 40 && (await allTraces()).length === 0; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    await new Promise((r) => setTimeout(r, 25));
  }
  return lastTrace();
}

/** What ai 6's traces say of an operation that stopped without a result. */
const NO_RESULT = /ended without a result: it failed, or its stream was left unread/;

describe.each(MAJORS)("$name: streaming spans end when the stream is consumed", ({ ai, createOpenAI }) => {
  const model = () => createOpenAI({ baseURL: fake().url, apiKey: "test" })("gpt-4o-mini");
  it.each([
    ["textStream", (r: any) => read(r.textStream)],
    ["fullStream", (r: any) => read(r.fullStream)],
    ["consumeStream()", (r: any) => r.consumeStream()],
    ["toUIMessageStreamResponse()", (r: any) => r.toUIMessageStreamResponse().text()],
    ["toTextStreamResponse()", (r: any) => r.toTextStreamResponse().text()],
  ])("%s", async (_how, consume) => {
    autolog();
    fake().script({ text: "one two three", usage: { input: 4, output: 3 } });
    const result = ai.streamText({ model: model(), prompt: "count" });
    await new Promise((r) => setTimeout(r, 50));
    expect(await allTraces()).toHaveLength(0); // not finished before it is read
    await consume(result);
    const trace = await lastTrace();
    expect(shapeOf(trace)).toEqual(["streamText CHAIN", ["chat gpt-4o-mini CHAT_MODEL"]]);
    expect(trace.info.state).toBe("OK");
    expect(trace.rootSpan!.outputs).toEqual({ role: "assistant", content: "one two three" });
    expect(trace.tokenUsage).toEqual({ input_tokens: 4, output_tokens: 3, total_tokens: 7 });
  });
});

describe("streamObject (ai 7)", () => {
  const { ai, createOpenAI } = MAJORS[0];
  it("ends when the partial object stream is consumed, with the object", async () => {
    autolog();
    fake().script(JSON.stringify({ name: "Ada", age: 36 }));
    const result = ai.streamObject({ model: createOpenAI({ baseURL: fake().url, apiKey: "test" })("gpt-4o-mini"), schema: z.object({ name: z.string(), age: z.number() }), prompt: "who" });
    for await (const _ of result.partialObjectStream);
    const trace = await lastTrace();
    expect(shapeOf(trace)).toEqual(["streamObject CHAIN", ["chat gpt-4o-mini CHAT_MODEL"]]);
    expect(trace.rootSpan!.outputs).toEqual({ name: "Ada", age: 36 });
  });
});

/** The exception a span recorded, if any. */
const exceptionOf = (span: { events: Array<{ name: string; attributes: Record<string, unknown> }> }) => span.events.find((e) => e.name === "exception")?.attributes;

describe.each([...MAJORS, REGISTERED_V6])("$name: early stop and errors", ({ name, ai, createOpenAI }) => {
  const model = () => createOpenAI({ baseURL: fake().url, apiKey: "test" })("gpt-4o-mini");
  /** ai 7 reports failures; ai 6 does only through the wrappers of @traceloom/ai-sdk/register. */
  const reportsErrors = name !== "ai 6";
  it("an abort signal ends the operation and its model call as cancelled", async () => {
    autolog();
    fake().script({ text: "a b c d e f g h i j", chunkDelayMs: 20 });
    const controller = new AbortController();
    const result = ai.streamText({ model: model(), prompt: "x", abortSignal: controller.signal });
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
    const errors: unknown[] = [];
    // Plain ai 6 cannot tell a failed stream until the application lets go of the result.
    await ai.streamText({ model: model(), prompt: "x", onError: ({ error }) => void errors.push(error) }).consumeStream();
    expect(errors).toHaveLength(1); // the call's own onError still hears of it
    const trace = await traceAfterCollection();
    expect(trace.info.state).toBe("ERROR");
    expect(trace.rootSpan!.status.code).toBe("STATUS_CODE_ERROR");
    if (reportsErrors) expect(exceptionOf(trace.rootSpan!)?.["exception.message"]).toMatch(/bad request here/);
    else expect(trace.rootSpan!.status.message).toMatch(NO_RESULT);
  });

  it("a failing agent records the error (generate and stream)", async () => {
    autolog();
    fake().script({ error: { status: 400, message: "bad request here" } }, { error: { status: 400, message: "bad stream here" } });
    const agent = new (ai as any).ToolLoopAgent({ model: model(), tools: twoTools(ai.tool), maxRetries: 0, onError: () => {} });
    // register's agent class is a subclass: its agents are still the AI SDK's own class's instances.
    expect(agent).toBeInstanceOf(name === "ai 7" ? ai7Module.ToolLoopAgent : ai6Module.ToolLoopAgent);
    await expect(agent.generate({ prompt: "x" })).rejects.toThrow(/bad request here/);
    await (await agent.stream({ prompt: "y" })).consumeStream();
    // Plain ai 6 ends them once their listeners are collected, in either order: wait for both.
    for (let n = 0; n < 40 && (await allTraces()).length < 2; n++) {
      (globalThis as { gc?: () => void }).gc?.();
      await new Promise((r) => setTimeout(r, 25));
    }
    const traces = await allTraces();
    expect(traces).toHaveLength(2);
    for (const [operation, message] of [["generateText", /bad request here/], ["streamText", /bad stream here/]] as const) {
      const trace = traces.find((t) => t.rootSpan!.name === operation)!;
      expect(shapeOf(trace)).toEqual([`${operation} AGENT`, ["chat gpt-4o-mini CHAT_MODEL"]]);
      expect(trace.info.state).toBe("ERROR");
      if (reportsErrors) expect(exceptionOf(trace.rootSpan!)?.["exception.message"]).toMatch(message);
      else expect(trace.rootSpan!.status.message).toMatch(NO_RESULT);
    }
  });

  it("a failing generateText records the error on the operation and the model call", async () => {
    autolog();
    fake().script({ error: { status: 400, message: "bad request here" } });
    await expect(ai.generateText({ model: model(), prompt: "x", maxRetries: 0 })).rejects.toThrow(/bad request here/);
    const trace = await traceAfterCollection();
    expect(trace.info.state).toBe("ERROR");
    expect(shapeOf(trace)).toEqual(["generateText CHAIN", ["chat gpt-4o-mini CHAT_MODEL"]]);
    for (const span of trace.spans) {
      expect(span.status.code).toBe("STATUS_CODE_ERROR");
      // ai 7 (and ai 6 through the register wrappers) report the error; plain ai 6 only that it stopped without a result.
      if (reportsErrors) {
        const exception = exceptionOf(span);
        expect(exception?.["exception.message"]).toMatch(/bad request here/);
        expect(exception?.["exception.type"]).toBe("AI_APICallError");
        expect(exception?.["exception.stacktrace"]).toMatch(/APICallError/);
      } else expect(span.status.message).toMatch(NO_RESULT);
    }
  });

  it("a stream left after a break ends once the application drops it", async () => {
    autolog();
    fake().script({ text: "a b c d e f g h i j k l", chunkDelayMs: 5 });
    await (async () => {
      const result = ai.streamText({ model: model(), prompt: "x" });
      for await (const _ of result.textStream) break;
    })();
    expect(await allTraces()).toHaveLength(0); // the AI SDK reports no end: the operation is still open
    const trace = await traceAfterCollection();
    expect(shapeOf(trace)).toEqual(["streamText CHAIN", ["chat gpt-4o-mini CHAT_MODEL"]]);
    if (name === "ai 7") {
      expect(trace.rootSpan!.events.map((e) => e.name)).toEqual(["cancelled"]);
      expect(trace.rootSpan!.events[0].attributes.reason).toBe("the stream was dropped before its end");
    } else {
      expect(trace.rootSpan!.status.message).toMatch(NO_RESULT);
    }
  });
});

describe("streams left unread (ai 7)", () => {
  it("a finished step's stream collected while later steps run does not end the operation", async () => {
    const { ai, createOpenAI } = MAJORS[0];
    autolog();
    fake().script(...agentScript());
    const collect = async () => {
      for (let i = 0; i < 5; i++) {
        (globalThis as { gc?: () => void }).gc?.();
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    // Each tool collects garbage: the earlier steps' provider streams are gone by the time the last step runs.
    const tools = Object.fromEntries(Object.entries(twoTools(ai.tool)).map(([name, t]) => [name, { ...t, execute: async (input: any, options: any) => (await collect(), t.execute!(input, options)) }]));
    const result = ai.streamText({ model: createOpenAI({ baseURL: fake().url, apiKey: "test" })("gpt-4o-mini"), prompt: "go", tools, stopWhen: ai.stepCountIs(5) });
    await result.consumeStream();
    const trace = await lastTrace();
    expect(trace.rootSpan!.events).toEqual([]);
    expect(childrenInOrder(trace).filter((s) => s.spanType === "CHAT_MODEL").map((s) => s.tokenUsage?.total_tokens)).toEqual(STEP_USAGE.map((s) => s.input + s.output));
  });

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
