// An OpenAI Agents SDK app (ES module) with both autologs: a two-tool agent run, then the same run streamed.
import { Agent, run, setTracingExportApiKey, tool } from "@openai/agents";
import { autolog as autologOpenAI } from "@traceloom/openai";
import { autolog } from "@traceloom/openai-agents";
import { z } from "zod";

autolog();
autologOpenAI();
// The SDK's own exporter stays installed; an empty key makes it skip uploads to OpenAI from a test.
setTracingExportApiKey("");

const numbers = z.object({ a: z.number(), b: z.number() });
const add = tool({ name: "add", description: "Adds two numbers", parameters: numbers, execute: ({ a, b }) => String(a + b) });
const multiply = tool({ name: "multiply", description: "Multiplies two numbers", parameters: numbers, execute: ({ a, b }) => String(a * b) });
const agent = new Agent({ name: "Calculator", instructions: "Use the tools.", tools: [add, multiply], model: "gpt-4o-mini" });

const plain = await run(agent, "plain: What is (2 + 3) * 4?");
const streamed = await run(agent, "streamed: What is (2 + 3) * 4?", { stream: true });
for await (const _event of streamed) void _event;
await streamed.completed;

process.stdout.write(JSON.stringify({ answers: [plain.finalOutput, streamed.finalOutput] }));
