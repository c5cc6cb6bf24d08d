/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS application, as users write one */
// The CommonJS twin of mastra-autolog.mjs, calling autolog() before it requires Mastra.
const { autolog } = require("@traceloom/mastra");
autolog();
const { createOpenAI } = require("@ai-sdk/openai");
const { Agent } = require("@mastra/core/agent");
const { Mastra } = require("@mastra/core/mastra");
const { createTool } = require("@mastra/core/tools");
const { createStep, createWorkflow } = require("@mastra/core/workflows");
const { flush, getLastTraceId } = require("@traceloom/core");
const { z } = require("zod");

const numbers = z.object({ a: z.number(), b: z.number() });
const add = createTool({ id: "add", description: "Adds", inputSchema: numbers, execute: async ({ a, b }) => ({ sum: a + b }) });
const multiply = createTool({ id: "multiply", description: "Multiplies", inputSchema: numbers, execute: async ({ a, b }) => ({ product: a * b }) });
const openai = createOpenAI({ baseURL: process.env.MASTRA_OPENAI_BASE_URL, apiKey: "test" });
const calc = new Agent({ id: "calc", name: "calc", instructions: "Use the tools.", model: openai.chat("gpt-4o-mini"), tools: { add, multiply } });
const x = z.object({ x: z.number() });
const double = createStep({ id: "double", inputSchema: x, outputSchema: x, execute: async ({ inputData }) => ({ x: inputData.x * 2 }) });
const increment = createStep({ id: "increment", inputSchema: x, outputSchema: x, execute: async ({ inputData }) => ({ x: inputData.x + 1 }) });
const arith = createWorkflow({ id: "arith", inputSchema: x, outputSchema: x }).then(double).then(increment).commit();
const mastra = new Mastra({ agents: { calc }, workflows: { arith }, logger: false });

async function main() {
  const traceIds = [];
  const generated = await mastra.getAgent("calc").generate("What is (2 + 3) * 4?", { maxSteps: 5 });
  traceIds.push(getLastTraceId());
  const stream = await mastra.getAgent("calc").stream("What is (2 + 3) * 4?", { maxSteps: 5 });
  let streamed = "";
  for await (const chunk of stream.textStream) streamed += chunk;
  traceIds.push(getLastTraceId());
  const run = await mastra.getWorkflow("arith").createRun();
  const workflow = await run.start({ inputData: { x: 3 } });
  traceIds.push(getLastTraceId());
  await flush();
  process.stdout.write(JSON.stringify({ generated: generated.text, streamed, workflow: workflow.result, traceIds }));
}

main();
