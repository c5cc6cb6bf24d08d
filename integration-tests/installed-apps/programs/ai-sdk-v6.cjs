/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS app, as users write one */
// The AI SDK app on the previous major, ai 6 (installed under the alias ai-v6 beside ai 7, with its OpenAI provider
// @ai-sdk/openai 3): the same one autolog() line, an agent with two tools, a stream read to its end, an embedding
// (ai 6 sends no telemetry for embeddings: traced only when the program runs with @traceloom/ai-sdk/register), and a
// call that fails (no server at its address). Prints what the AI SDK returned.
const { autolog } = require("@traceloom/ai-sdk");
const { createOpenAI } = require("@ai-sdk/openai-v3");
const { embed, generateText, stepCountIs, streamText, tool } = require("ai-v6");
const { z } = require("zod");

autolog();

async function main() {
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
  const nowhere = createOpenAI({ baseURL: "http://127.0.0.1:9/v1", apiKey: "test" });
  const failed = await generateText({ model: nowhere("gpt-4o-mini"), prompt: "fail", maxRetries: 0 }).then(() => "no error", (err) => err.name);
  process.stdout.write(JSON.stringify({ agent: agent.text, steps: agent.steps.length, streamed, dimensions: embedding.length, failed }));
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
