import { createOpenAI } from "@ai-sdk/openai";
import { Agent } from "@mastra/core/agent";
import { Mastra } from "@mastra/core/mastra";
import { createTool } from "@mastra/core/tools";
import { createStep, createWorkflow } from "@mastra/core/workflows";
import { configure, flush, TraceClient, type Span, type Trace } from "@traceloom/core";
import { startFakeOpenAI, type FakeOpenAI } from "@traceloom/testkit";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { z } from "zod";
import { autolog, type MastraAutologOptions } from "../src/index.js";

/** Points tracing at a fresh in-memory store. */
export async function useMemoryStore(): Promise<TraceClient> {
  await configure({ trackingUri: "memory:" });
  return new TraceClient();
}

/** Every trace in the store, oldest first. */
export async function allTraces(client: TraceClient): Promise<Trace[]> {
  await flush();
  const page = await client.searchTraces({ orderBy: ["timestamp_ms ASC"], maxResults: 500 });
  return page.traces;
}

/** The tree as indented "name [TYPE]" lines, children in start order. */
export function treeOf(trace: Trace): string {
  const children = new Map<string | null, Span[]>();
  for (const s of trace.spans) children.set(s.parentId, [...(children.get(s.parentId) ?? []), s]);
  const lines: string[] = [];
  const walk = (parent: string | null, depth: number) => {
    for (const s of (children.get(parent) ?? []).sort((a, b) => a.startTimeNs - b.startTimeNs)) {
      lines.push(`${"  ".repeat(depth)}${s.name} [${s.spanType}]`);
      walk(s.spanId, depth + 1);
    }
  };
  walk(null, 0);
  return lines.join("\n");
}

/** Token usage the fake reports for the three steps of the two-tool loop. */
export const STEP_USAGE = [
  { input: 11, output: 3 },
  { input: 17, output: 4 },
  { input: 23, output: 5 },
];

/** The fake's replies for the two-tool loop: `add`, then `multiply`, then the answer, with {@link STEP_USAGE}. */
export function scriptTwoToolLoop(fake: FakeOpenAI, options: { chunkDelayMs?: number } = {}): void {
  fake.script(
    { toolCalls: [{ name: "add", arguments: { a: 2, b: 3 } }], usage: STEP_USAGE[0], ...options },
    { toolCalls: [{ name: "multiply", arguments: { a: 5, b: 4 } }], usage: STEP_USAGE[1], ...options },
    { text: "The answer is 20", usage: STEP_USAGE[2], ...options },
  );
}

/** The expected tree of the two-tool loop. */
export const TWO_TOOL_TREE = [
  "calc [AGENT]",
  "  gpt-4o-mini [CHAT_MODEL]",
  "    add [TOOL]",
  "  gpt-4o-mini [CHAT_MODEL]",
  "    multiply [TOOL]",
  "  gpt-4o-mini [CHAT_MODEL]",
].join("\n");

/** Spans of a trace in start order. */
export function spansInOrder(trace: Trace): Span[] {
  return [...trace.spans].sort((a, b) => a.startTimeNs - b.startTimeNs);
}

/** The @mastra/core exports an app is built from: this package's devDependency, or an older minor's (an npm alias). */
export interface MastraModules {
  Mastra: typeof Mastra;
  Agent: typeof Agent;
  createTool: typeof createTool;
  createStep: typeof createStep;
  createWorkflow: typeof createWorkflow;
}

const CURRENT: MastraModules = { Mastra, Agent, createTool, createStep, createWorkflow };

/** A Mastra app against the fake: agent `calc` with tools add and multiply, workflow `arith` (double, then increment). */
export function makeApp(fake: FakeOpenAI, options: { failTool?: boolean; onAdd?: () => unknown; observability?: unknown; modules?: MastraModules } = {}) {
  const { Mastra, Agent, createTool, createStep, createWorkflow } = options.modules ?? CURRENT;
  const openai = createOpenAI({ baseURL: fake.url, apiKey: "test" });
  const add = createTool({
    id: "add",
    description: "Adds two numbers",
    inputSchema: z.object({ a: z.number(), b: z.number() }),
    execute: async ({ a, b }) => {
      if (options.failTool) throw new Error("add is broken");
      await options.onAdd?.();
      return { sum: a + b };
    },
  });
  const multiply = createTool({
    id: "multiply",
    description: "Multiplies two numbers",
    inputSchema: z.object({ a: z.number(), b: z.number() }),
    execute: async ({ a, b }) => ({ product: a * b }),
  });
  const calc = new Agent({ id: "calc", name: "calc", instructions: "You calculate with tools.", model: openai.chat("gpt-4o-mini"), tools: { add, multiply } });
  const double = createStep({ id: "double", inputSchema: z.object({ x: z.number() }), outputSchema: z.object({ x: z.number() }), execute: async ({ inputData }) => {
      if (inputData.x < 0) throw new Error("negative input");
      return { x: inputData.x * 2 };
    },
  });
  const increment = createStep({ id: "increment", inputSchema: z.object({ x: z.number() }), outputSchema: z.object({ x: z.number() }), execute: async ({ inputData }) => ({ x: inputData.x + 1 }) });
  const arith = createWorkflow({ id: "arith", inputSchema: z.object({ x: z.number() }), outputSchema: z.object({ x: z.number() }) }).then(double).then(increment).commit();
  const ask = createStep({
    id: "ask-calc",
    inputSchema: z.object({ question: z.string() }),
    outputSchema: z.object({ answer: z.string() }),
    execute: async ({ inputData, mastra }) => ({ answer: (await mastra.getAgent("calc").generate(inputData.question, { maxSteps: 5 })).text }),
  });
  const askWorkflow = createWorkflow({ id: "ask", inputSchema: z.object({ question: z.string() }), outputSchema: z.object({ answer: z.string() }) }).then(ask).commit();
  const mastra = new Mastra({
    agents: { calc },
    workflows: { arith, ask: askWorkflow },
    logger: false,
    ...(options.observability ? { observability: options.observability as never } : {}),
  });
  return { mastra, agent: mastra.getAgent("calc"), workflow: mastra.getWorkflow("arith") };
}

export { startFakeOpenAI };

/** The store's traces once there are `count` of them (Mastra may end a run a moment after its result settles). */
export async function waitForTraces(client: TraceClient, count: number, timeoutMs = 10_000): Promise<Trace[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const traces = await allTraces(client);
    if (traces.length >= count || Date.now() > deadline) return traces;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The common setup of a suite: a fake OpenAI server and `autolog(options)` for the whole suite (disabled after it),
 * the fake reset before each test. Returns a getter for the fake.
 */
export function autologSuite(options: MastraAutologOptions = {}): () => FakeOpenAI {
  let fake: FakeOpenAI | undefined;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
    autolog(options);
  });
  afterAll(async () => {
    autolog({ disable: true });
    await fake?.close();
  });
  beforeEach(() => fake?.reset());
  return () => {
    if (!fake) throw new Error("the suite's fake server is not ready (used outside a test?)");
    return fake;
  };
}
