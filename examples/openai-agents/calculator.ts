/**
 * An OpenAI Agents SDK agent with two tools, traced with one line: `autolog()` from @traceloom/openai-agents.
 * The run, the agent, each turn, each model response and each tool call land in one trace tree. Without
 * OPENAI_API_KEY it talks to a local stand-in for the OpenAI API, so it runs anywhere.
 *
 *   pnpm --filter @traceloom/example-openai-agents calculator      then      npx traceloom ui
 */
import { pathToFileURL } from "node:url";
import { Agent, run, setDefaultOpenAIClient, setTracingDisabled, tool } from "@openai/agents";
import OpenAI from "openai";
import { flush, formatTrace, getLastTraceId, TraceClient } from "@traceloom/core";
import { autolog } from "@traceloom/openai-agents";
import { startFakeOpenAI, type Handler } from "@traceloom/testkit";
import { z } from "zod";

const numbers = z.object({ a: z.number(), b: z.number() });
const add = tool({ name: "add", description: "Adds two numbers", parameters: numbers, execute: ({ a, b }) => String(a + b) });
const multiply = tool({ name: "multiply", description: "Multiplies two numbers", parameters: numbers, execute: ({ a, b }) => String(a * b) });

/** The agent: it works out arithmetic with its two tools. */
export const calculator = new Agent({ name: "Calculator", instructions: "Work it out with the tools, one step at a time.", tools: [add, multiply], model: "gpt-4o-mini" });

/** The stand-in's answers: add, then multiply the sum by 4, then say the result. */
export const standInHandler: Handler = (_body, ctx) => {
  if (ctx.toolResults.length === 0) return { toolCalls: [{ name: "add", arguments: { a: 2, b: 3 } }] };
  if (ctx.toolResults.length === 1) return { toolCalls: [{ name: "multiply", arguments: { a: Number(ctx.toolResults[0]), b: 4 } }] };
  return `(2 + 3) * 4 = ${ctx.toolResults[1]}`;
};

async function main(): Promise<void> {
  autolog();
  const fake = process.env.OPENAI_API_KEY ? undefined : await startFakeOpenAI({ handler: standInHandler });
  if (fake) setDefaultOpenAIClient(new OpenAI({ baseURL: fake.url, apiKey: "not-needed" }));
  // The SDK's own tracing (and with it what traceloom sees) is off when NODE_ENV is "test".
  setTracingDisabled(false);
  const result = await run(calculator, "What is (2 + 3) * 4?");
  process.stdout.write(`${String(result.finalOutput)}\n`);
  await flush();
  const recorded = await new TraceClient().getTrace(getLastTraceId() ?? "");
  if (recorded) process.stdout.write(`${formatTrace(recorded)}\n`);
  await fake?.close();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
