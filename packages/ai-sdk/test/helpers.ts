import { configure, flush, getLastTraceId, TraceClient, type Span, type Trace } from "@traceloom/core";
import { startFakeOpenAI, type FakeOpenAI, type Reply } from "@traceloom/testkit";
import { tool, type ToolSet } from "ai";
import { afterAll, afterEach, beforeAll } from "vitest";
import { z } from "zod";
import { autolog } from "../src/index.js";

/** Starts a fake OpenAI server and an in-memory trace store for a test file; resets both between tests. */
export function useFakeAndStore(): () => FakeOpenAI {
  let fake: FakeOpenAI;
  beforeAll(async () => {
    await configure({ trackingUri: "memory:" });
    fake = await startFakeOpenAI();
  });
  afterEach(async () => {
    autolog({ disable: true });
    fake.reset();
    await configure({ trackingUri: "memory:" });
  });
  afterAll(() => fake.close());
  return () => fake;
}

/** Every finished trace, oldest first. */
export async function allTraces(): Promise<Trace[]> {
  await flush();
  const page = await new TraceClient().searchTraces({ orderBy: ["timestamp_ms ASC"], maxResults: 500 });
  return page.traces;
}

/** The last finished trace. */
export async function lastTrace(): Promise<Trace> {
  await flush();
  const id = getLastTraceId();
  if (!id) throw new Error("no trace was finished");
  const t = await new TraceClient().getTrace(id);
  if (!t) throw new Error(`trace ${id} not in the store`);
  return t;
}

/** A span tree as nested `"name TYPE"` strings, children in start order. */
export type Shape = [string, Shape[]] | string;

/** The shape of `trace`: names and span types, children ordered by start time. */
export function shapeOf(trace: Trace, parent: Span | undefined = trace.rootSpan): Shape {
  if (!parent) throw new Error("trace has no root span");
  const children = trace.childrenOf(parent.spanId).sort((a, b) => a.startTimeNs - b.startTimeNs);
  const label = `${parent.name} ${parent.spanType}`;
  return children.length === 0 ? label : [label, children.map((c) => shapeOf(trace, c))];
}

/** Children of the root of `trace` in start order. */
export function childrenInOrder(trace: Trace): Span[] {
  return trace.childrenOf(trace.rootSpan!.spanId).sort((a, b) => a.startTimeNs - b.startTimeNs);
}

/** The two tools of the agent loop: the weather of a city, and a sum. */
export function twoTools(toolFn: typeof tool = tool): ToolSet {
  return {
    weather: toolFn({
      description: "The weather in a city",
      inputSchema: z.object({ city: z.string() }),
      execute: async ({ city }: { city: string }) => `Sunny in ${city}`,
    }),
    add: toolFn({
      description: "Adds two numbers",
      inputSchema: z.object({ a: z.number(), b: z.number() }),
      execute: async ({ a, b }: { a: number; b: number }) => a + b,
    }),
  };
}

/** Token usage the stand-in reports for each of the three model steps of {@link agentScript}. */
export const STEP_USAGE = [
  { input: 11, output: 3 },
  { input: 17, output: 5 },
  { input: 23, output: 7 },
] as const;

/** The stand-in's replies for the two-tool loop: weather call, add call, final answer (with set token usage). */
export function agentScript(): Reply[] {
  return [
    { toolCalls: [{ name: "weather", arguments: { city: "Paris" }, id: "call_w" }], usage: STEP_USAGE[0] },
    { toolCalls: [{ name: "add", arguments: { a: 2, b: 3 }, id: "call_a" }], usage: STEP_USAGE[1] },
    { text: "Sunny in Paris, and 2 + 3 = 5.", usage: STEP_USAGE[2] },
  ];
}
