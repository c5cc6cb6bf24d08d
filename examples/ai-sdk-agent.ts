/**
 * A Vercel AI SDK agent traced with traceloom: one `autolog()` line records the generateText call, each model step
 * and each tool execution as one tree, with token usage per step. Without OPENAI_API_KEY it talks to a local
 * stand-in for the OpenAI API, so it runs anywhere.
 *
 *   pnpm --filter @traceloom/examples ai-sdk-agent      then      npx traceloom ui
 */
import { pathToFileURL } from "node:url";
import { createOpenAI } from "@ai-sdk/openai";
import { autolog } from "@traceloom/ai-sdk";
import { flush, formatTrace, getLastTraceId, TraceClient } from "@traceloom/core";
import { startFakeOpenAI, type Handler } from "@traceloom/testkit";
import { generateText, stepCountIs, tool, type LanguageModel } from "ai";
import { z } from "zod";

autolog();

const tools = {
  weather: tool({
    description: "The current weather in a city",
    inputSchema: z.object({ city: z.string() }),
    execute: async ({ city }) => `Sunny and 21°C in ${city}`,
  }),
  add: tool({
    description: "Adds two numbers",
    inputSchema: z.object({ a: z.number(), b: z.number() }),
    execute: async ({ a, b }) => a + b,
  }),
};

/** Answers with the tools it needs, in as many model steps as it takes (at most five). */
export async function askAgent(model: LanguageModel, question: string): Promise<string> {
  const { text } = await generateText({ model, system: "Use the tools to answer.", prompt: question, tools, stopWhen: stepCountIs(5) });
  return text;
}

/** The stand-in's turns: the weather tool, then the add tool, then the answer from both results. */
export const standInAgent: Handler = (_body, ctx) => {
  if (ctx.toolResults.length === 0) return { toolCalls: [{ name: "weather", arguments: { city: "Paris" } }] };
  if (ctx.toolResults.length === 1) return { toolCalls: [{ name: "add", arguments: { a: 2, b: 3 } }] };
  return `${ctx.toolResults[0]}; 2 + 3 = ${ctx.toolResults[1]}.`;
};

async function main(): Promise<void> {
  const fake = process.env.OPENAI_API_KEY ? undefined : await startFakeOpenAI({ handler: standInAgent });
  const openai = createOpenAI(fake ? { baseURL: fake.url, apiKey: "not-needed" } : {});
  process.stdout.write(`${await askAgent(openai("gpt-4o-mini"), "What is the weather in Paris, and what is 2 + 3?")}\n`);
  await flush();
  const recorded = await new TraceClient().getTrace(getLastTraceId() ?? "");
  if (recorded) process.stdout.write(`${formatTrace(recorded)}\n`);
  await fake?.close();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
