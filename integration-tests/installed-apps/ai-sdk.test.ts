import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAI, type Handler } from "@traceloom/testkit";
import { MANAGERS, programFiles, useInstalledApps } from "./app-suite.js";
import { startMlflowServer, type MlflowServer } from "../support/mlflow-server.js";
import { runMlflowPython } from "../support/mlflow-python.js";
import { traceTokenUsage, treeOf } from "../support/stored-traces.js";

const PROGRAMS = ["ai-sdk-agent.mjs", "ai-sdk-agent.cjs"];
/** The same app's program on the previous major, ai 6 (installed beside ai 7 under an alias). */
const V6_PROGRAM = "ai-sdk-v6.cjs";
/** How a user starts an ai 6 program to have its embeddings traced and its failures' exceptions recorded. */
const V6_REGISTER = { NODE_OPTIONS: "--require @traceloom/ai-sdk/register" };

/** Token usage the stand-in reports for the agent's three model steps. */
const STEPS = [
  { input: 11, output: 3 },
  { input: 17, output: 5 },
  { input: 23, output: 7 },
];

/** The agent's turns (weather tool, add tool, answer), each with its token usage; anything else is echoed. */
const agentTurns: Handler = (_body, ctx) => {
  if (ctx.endpoint === "embeddings" || !ctx.lastUserText.startsWith("agent:")) return undefined;
  if (ctx.toolResults.length === 0) return { toolCalls: [{ name: "weather", arguments: { city: "Paris" } }], usage: STEPS[0] };
  if (ctx.toolResults.length === 1) return { toolCalls: [{ name: "add", arguments: { a: 2, b: 3 } }], usage: STEPS[1] };
  return { text: `${ctx.toolResults[0]}; 2 + 3 = ${ctx.toolResults[1]}`, usage: STEPS[2] };
};

const AGENT_TREE = [
  "generateText [AGENT]",
  "  chat gpt-4o-mini [CHAT_MODEL]",
  "  weather [TOOL]",
  "  chat gpt-4o-mini [CHAT_MODEL]",
  "  add [TOOL]",
  "  chat gpt-4o-mini [CHAT_MODEL]",
].join("\n");
const TREES = [AGENT_TREE, "streamText [CHAIN]\n  chat gpt-4o-mini [CHAT_MODEL]", "embed [CHAIN]\n  embeddings text-embedding-3-small [EMBEDDING]"];
/** The agent trace's spans as `typesOf` lists them. */
const AGENT_TYPES = ["add TOOL", "chat gpt-4o-mini CHAT_MODEL", "chat gpt-4o-mini CHAT_MODEL", "chat gpt-4o-mini CHAT_MODEL", "generateText AGENT", "weather TOOL"];
const AGENT_TOKENS = { input_tokens: 51, output_tokens: 15, total_tokens: 66 };
const OUTPUT = { agent: "Sunny in Paris; 2 + 3 = 5", steps: 3, streamed: "Echo: stream these words", dimensions: 8 };
/** The ai 6 program also makes a call that fails. */
const V6_OUTPUT = { ...OUTPUT, failed: "AI_APICallError" };
const FAILED_TREE = "generateText [CHAIN]\n  chat gpt-4o-mini [CHAT_MODEL]";

let model: FakeOpenAI;
beforeAll(async () => {
  model = await startFakeOpenAI({ handler: agentTurns });
});
afterAll(() => model?.close());

const suite = useInstalledApps(
  {
    name: "ai-sdk",
    traceloom: ["ai-sdk"],
    dependencies: { ai: "7.0.185", "@ai-sdk/openai": "4.0.126", "ai-v6": "npm:ai@6.0.333", "@ai-sdk/openai-v3": "npm:@ai-sdk/openai@3.0.141", zod: "4.6.7" },
    files: programFiles(...PROGRAMS, V6_PROGRAM),
  },
  () => ({ AI_SDK_BASE_URL: model.url }),
);

describe.each(MANAGERS)("AI SDK app installed with %s", (manager) => {
  it.each(PROGRAMS)("%s: the agent loop, the stream and the embedding as their trees, tokens per step and per trace", async (file) => {
    const run = await suite.run(manager, file);
    expect(run.output).toEqual(OUTPUT);
    expect(run.traces.map(treeOf)).toEqual(TREES);
    const agent = run.traces[0];
    const steps = agent.spans.filter((s) => s.spanType === "CHAT_MODEL").sort((a, b) => a.startTimeNs - b.startTimeNs);
    expect(steps.map((s) => s.tokenUsage)).toEqual(STEPS.map((s) => ({ input_tokens: s.input, output_tokens: s.output, total_tokens: s.input + s.output })));
    expect(traceTokenUsage(agent)).toEqual(AGENT_TOKENS);
    expect(run.stderr).not.toMatch(/traceloom/i);
  });

  it(`${V6_PROGRAM}: ai 6's agent loop, stream and failure as the same trees; its embedding (no ai 6 telemetry) untraced`, async () => {
    const run = await suite.run(manager, V6_PROGRAM);
    expect(run.output).toEqual(V6_OUTPUT);
    expect(run.traces.map(treeOf)).toEqual([...TREES.slice(0, 2), FAILED_TREE]);
    expect(run.traces[2].info.state).toBe("ERROR");
    const steps = run.traces[0].spans.filter((s) => s.spanType === "CHAT_MODEL").sort((a, b) => a.startTimeNs - b.startTimeNs);
    expect(steps.map((s) => s.tokenUsage)).toEqual(STEPS.map((s) => ({ input_tokens: s.input, output_tokens: s.output, total_tokens: s.input + s.output })));
    expect(traceTokenUsage(run.traces[0])).toEqual(AGENT_TOKENS);
    expect(run.stderr).not.toMatch(/traceloom/i);
  });
});

interface ReadBackSpan {
  name: string;
  parent_span_id: string | null;
  attributes: Record<string, unknown>;
  events?: { name: string; attributes?: Record<string, unknown> }[];
}

interface ReadBack {
  search: { info: { trace_id: string; state: string; trace_metadata: Record<string, string> }; data: { spans: ReadBackSpan[] } }[];
}

/** `name TYPE` of each span of a trace read back, sorted. */
const typesOf = (spans: ReadBackSpan[]) => spans.map((s) => `${s.name} ${JSON.parse(String(s.attributes["mlflow.spanType"]))}`).sort();

/** The traces of the Default experiment as MLflow's Python client reads them, once `count` are searchable (or after ~20 s). */
async function readBack(server: MlflowServer, count: number): Promise<ReadBack> {
  for (let attempt = 1; ; attempt++) {
    const back = runMlflowPython<ReadBack>(server, "read_traces.py", ["0", "[]"]);
    if (back.search.length >= count || attempt >= 10) return back;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}

describe("exported to a real MLflow server", () => {
  let server: MlflowServer;
  beforeAll(async () => {
    server = await startMlflowServer("sqlite");
  }, 240_000);
  afterAll(() => server?.stop());

  it("MLflow's Python client reads back the three traces with their spans, types and token usage", async () => {
    const run = await suite.runExporting("pnpm", "ai-sdk-agent.mjs", server.uri);
    expect(run.output).toEqual(OUTPUT);
    expect(run.stderr).not.toMatch(/traceloom/i); // the exit line would name traces the export lost
    const back = await readBack(server, 3);
    const byRoot = new Map(back.search.map((t) => [t.data.spans.find((s) => s.parent_span_id === null)?.name, t]));
    expect([...byRoot.keys()].sort()).toEqual(["embed", "generateText", "streamText"]);
    const agent = byRoot.get("generateText")!;
    expect(agent.info.state).toBe("OK");
    expect(typesOf(agent.data.spans)).toEqual(AGENT_TYPES);
    expect(JSON.parse(agent.info.trace_metadata["mlflow.trace.tokenUsage"])).toEqual(AGENT_TOKENS);
  }, 120_000);

  it("ai 6 with @traceloom/ai-sdk/register: the agent, the stream, the embedding and the failure with its exception", async () => {
    const before = new Set((await readBack(server, 0)).search.map((t) => t.info.trace_id));
    const run = await suite.runExporting("pnpm", V6_PROGRAM, server.uri, V6_REGISTER);
    expect(run.output).toEqual(V6_OUTPUT);
    expect(run.stderr).not.toMatch(/traceloom/i);
    const traces = (await readBack(server, before.size + 4)).search.filter((t) => !before.has(t.info.trace_id));
    const byType = new Map(traces.map((t) => [typesOf(t.data.spans).join(", "), t]));
    expect([...byType.keys()].sort()).toEqual([
      AGENT_TYPES.join(", "),
      "chat gpt-4o-mini CHAT_MODEL, generateText CHAIN",
      "chat gpt-4o-mini CHAT_MODEL, streamText CHAIN",
      "embed CHAIN, embeddings text-embedding-3-small EMBEDDING",
    ]);
    expect(JSON.parse(byType.get(AGENT_TYPES.join(", "))!.info.trace_metadata["mlflow.trace.tokenUsage"])).toEqual(AGENT_TOKENS);
    const failed = byType.get("chat gpt-4o-mini CHAT_MODEL, generateText CHAIN")!;
    expect(failed.info.state).toBe("ERROR");
    for (const span of failed.data.spans) {
      const exception = span.events?.find((e) => e.name === "exception")?.attributes ?? {};
      expect(exception["exception.type"]).toBe("AI_APICallError");
      expect(String(exception["exception.message"])).toMatch(/Cannot connect to API/);
    }
  }, 120_000);
});
