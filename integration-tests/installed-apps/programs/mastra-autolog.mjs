// A Mastra app (ES module): an agent with two tools and a two-step workflow, no observability configured; one
// autolog() line. Generates, streams, runs the workflow, and prints the results and the trace IDs.
import { createOpenAI } from "@ai-sdk/openai";
import { Agent } from "@mastra/core/agent";
import { Mastra } from "@mastra/core/mastra";
import { createTool } from "@mastra/core/tools";
import { createStep, createWorkflow } from "@mastra/core/workflows";
import { flush, getLastTraceId } from "@traceloom/core";
import { autolog } from "@traceloom/mastra";
import { z } from "zod";

autolog();

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
