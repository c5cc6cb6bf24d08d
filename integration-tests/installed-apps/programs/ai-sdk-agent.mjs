// An AI SDK app as users write it in ES modules: one autolog() line, then an agent with two tools, a stream read to
// its end and an embedding. Prints what the AI SDK returned.
import { autolog } from "@traceloom/ai-sdk";
import { createOpenAI } from "@ai-sdk/openai";
import { embed, generateText, stepCountIs, streamText, tool } from "ai";
import { z } from "zod";

autolog();

const openai = createOpenAI({ baseURL: process.env.AI_SDK_BASE_URL, apiKey: "test" });
const tools = {
  weather: tool({ description: "The weather in a city", inputSchema: z.object({ city: z.string() }), execute: async ({ city }) => `Sunny in ${city}` }),
  add: tool({ description: "Adds two numbers", inputSchema: z.object({ a: z.number(), b: z.number() }), execute: async ({ a, b }) => a + b }),
};

const agent = await generateText({ model: openai("gpt-4o-mini"), prompt: "agent: weather in Paris and 2 + 3", tools, stopWhen: stepCountIs(5) });
const stream = streamText({ model: openai("gpt-4o-mini"), prompt: "stream these words" });
let streamed = "";
for await (const delta of stream.textStream) streamed += delta;
const { embedding } = await embed({ model: openai.embedding("text-embedding-3-small"), value: "hello" });
process.stdout.write(JSON.stringify({ agent: agent.text, steps: agent.steps.length, streamed, dimensions: embedding.length }));
