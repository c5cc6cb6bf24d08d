import * as agents from "@openai/agents";
import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { z } from "zod";
import { startFakeOpenAI, type FakeOpenAI } from "@traceloom/testkit";
import { autolog } from "../src/index.js";

/** What the tests need of one copy of the Agents SDK (`@openai/agents` 0.20 or the 0.19 alias). */
export interface AgentsSdk {
  Agent: any;
  run: (...args: any[]) => Promise<any>;
  tool: (...args: any[]) => any;
  setDefaultOpenAIClient: (client: any) => void;
  setTracingDisabled: (disabled: boolean) => void;
}

/** A fake OpenAI server with the SDK's default client pointed at it, and the calculator agent of the tests. */
export async function calcEnvironment(sdk: AgentsSdk) {
  const fake = await startFakeOpenAI();
  sdk.setDefaultOpenAIClient(new OpenAI({ apiKey: "test", baseURL: fake.url, maxRetries: 0 }));
  // The SDK turns its tracing off when NODE_ENV is "test" (as under vitest); an application's tests do the same.
  sdk.setTracingDisabled(false);
  const add = sdk.tool({
    name: "add",
    description: "Adds two numbers",
    parameters: z.object({ a: z.number(), b: z.number() }),
    execute: async ({ a, b }: { a: number; b: number }) => String(a + b),
  });
  const multiply = sdk.tool({
    name: "multiply",
    description: "Multiplies two numbers",
    parameters: z.object({ a: z.number(), b: z.number() }),
    execute: async ({ a, b }: { a: number; b: number }) => String(a * b),
  });
  const agent = new sdk.Agent({ name: "Calculator", instructions: "Use the tools.", tools: [add, multiply], model: "gpt-4o-mini" });
  return { fake, agent, add, multiply };
}

/** Scripts the two-tool loop: add, then multiply, then the answer (three model steps). */
export function scriptTwoToolLoop(fake: FakeOpenAI, options: { chunkDelayMs?: number } = {}): void {
  fake.script(
    { toolCalls: [{ name: "add", arguments: { a: 2, b: 3 } }], usage: { input: 11, output: 7 }, ...options },
    { toolCalls: [{ name: "multiply", arguments: { a: 5, b: 4 } }], usage: { input: 23, output: 5 }, ...options },
    { text: "The answer is 20", usage: { input: 31, output: 4 }, ...options },
  );
}

/** The usage the script above makes the stand-in return, per step and in total. */
export const LOOP_USAGE = {
  steps: [
    { input_tokens: 11, output_tokens: 7, total_tokens: 18 },
    { input_tokens: 23, output_tokens: 5, total_tokens: 28 },
    { input_tokens: 31, output_tokens: 4, total_tokens: 35 },
  ],
  total: { input_tokens: 65, output_tokens: 16, total_tokens: 81 },
};

/** The tree of the two-tool loop, as `treeOf` prints it. */
export const LOOP_TREE = [
  "Agent workflow [CHAIN]",
  "  Calculator [AGENT]",
  "    turn 1 [CHAIN]",
  "      response [CHAT_MODEL]",
  "      add [TOOL]",
  "    turn 2 [CHAIN]",
  "      response [CHAT_MODEL]",
  "      multiply [TOOL]",
  "    turn 3 [CHAIN]",
  "      response [CHAT_MODEL]",
].join("\n");

/**
 * The common setup of a suite on `@openai/agents` 0.20: the calculator environment for the whole suite,
 * `autolog()` on while it runs, the stand-in reset before each test. Returns a getter for the environment.
 */
export function useCalcSuite(sdk: AgentsSdk = agents as unknown as AgentsSdk): () => CalcEnvironment {
  let env: CalcEnvironment | undefined;
  beforeAll(async () => {
    env = await calcEnvironment(sdk);
    autolog();
  });
  afterAll(async () => {
    autolog({ disable: true });
    await env?.fake.close();
  });
  beforeEach(() => env?.fake.reset());
  return () => {
    if (!env) throw new Error("the suite's environment is not ready");
    return env;
  };
}

/** What {@link calcEnvironment} makes. */
export type CalcEnvironment = Awaited<ReturnType<typeof calcEnvironment>>;
