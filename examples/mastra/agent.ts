/**
 * A Mastra agent traced with traceloom: one `autolog()` line records each agent run — its model steps and the tools
 * each step called — as one tree, with no change to `new Mastra({...})`. Without OPENAI_API_KEY it talks to a local
 * stand-in for the OpenAI API, so it runs anywhere.
 *
 *   pnpm --filter @traceloom/example-mastra agent      then      npx traceloom ui
 */
import { pathToFileURL } from "node:url";
import { createOpenAI } from "@ai-sdk/openai";
import { Agent } from "@mastra/core/agent";
import { Mastra } from "@mastra/core/mastra";
import { createTool } from "@mastra/core/tools";
import { flush, formatTrace, getLastTraceId, TraceClient } from "@traceloom/core";
import { autolog } from "@traceloom/mastra";
import { startFakeOpenAI, type ScriptContext } from "@traceloom/testkit";
import { z } from "zod";

autolog();

const numbers = z.object({ a: z.number(), b: z.number() });
const add = createTool({ id: "add", description: "Adds two numbers", inputSchema: numbers, execute: async ({ a, b }) => ({ sum: a + b }) });
const multiply = createTool({ id: "multiply", description: "Multiplies two numbers", inputSchema: numbers, execute: async ({ a, b }) => ({ product: a * b }) });

/** A Mastra app with one agent, `calc`, that works out arithmetic with its two tools. */
export function createMastra(openai = createOpenAI()) {
  const calc = new Agent({
    id: "calc",
    name: "calc",
    instructions: "You do arithmetic only with your tools, one operation per step, then answer in one sentence.",
    model: openai.chat("gpt-4o-mini"),
    tools: { add, multiply },
  });
  return new Mastra({ agents: { calc }, logger: false });
}

/** The stand-in's side of the conversation: add, then multiply, then the answer. */
export function standInReply(_body: unknown, ctx: ScriptContext) {
  if (ctx.toolResults.length === 0) return { toolCalls: [{ name: "add", arguments: { a: 2, b: 3 } }] };
  if (ctx.toolResults.length === 1) return { toolCalls: [{ name: "multiply", arguments: { a: 5, b: 4 } }] };
  return "(2 + 3) * 4 is 20.";
}

async function main(): Promise<void> {
  const fake = process.env.OPENAI_API_KEY ? undefined : await startFakeOpenAI({ handler: standInReply });
  const mastra = createMastra(fake ? createOpenAI({ baseURL: fake.url, apiKey: "not-needed" }) : undefined);
  const result = await mastra.getAgent("calc").generate("What is (2 + 3) * 4?", { maxSteps: 5 });
  process.stdout.write(`${result.text}\n`);
  await flush();
  const recorded = await new TraceClient().getTrace(getLastTraceId() ?? "");
  if (recorded) process.stdout.write(`${formatTrace(recorded)}\n`);
  await fake?.close();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
