// The body of mastra-autolog.mjs and .cjs: each passes the modules it loaded its own way (import or require), so
// the ES module program runs Mastra's ES module build and the CommonJS one its CommonJS build.

/**
 * A Mastra app — agent `calc` with tools add and multiply, workflow `arith` (double, then increment), no observability
 * configured — that generates, streams and runs the workflow, then prints the results and the trace IDs.
 */
async function runMastraApp({ Mastra, Agent, createTool, createStep, createWorkflow, createOpenAI, z, core }) {
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
  traceIds.push(core.getLastTraceId());
  const stream = await mastra.getAgent("calc").stream("What is (2 + 3) * 4?", { maxSteps: 5 });
  let streamed = "";
  for await (const chunk of stream.textStream) streamed += chunk;
  traceIds.push(core.getLastTraceId());
  const run = await mastra.getWorkflow("arith").createRun();
  const workflow = await run.start({ inputData: { x: 3 } });
  traceIds.push(core.getLastTraceId());
  await core.flush();
  process.stdout.write(JSON.stringify({ generated: generated.text, streamed, workflow: workflow.result, traceIds }));
}

module.exports = { runMastraApp };
