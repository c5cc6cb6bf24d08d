import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAI, type ScriptContext } from "@traceloom/testkit";
import { MANAGERS, programFiles, useInstalledApps } from "./app-suite.js";
import { runMlflowPython } from "../support/mlflow-python.js";
import { startMlflowServer, type MlflowServer } from "../support/mlflow-server.js";
import { traceTokenUsage, treeOf } from "../support/stored-traces.js";

const PROGRAMS = ["mastra-autolog.mjs", "mastra-autolog.cjs"];

/** The loopback model's side of the two-tool loop: add, then multiply, then the answer, with fixed token usage per step. */
function twoToolLoop(_body: unknown, ctx: ScriptContext) {
  if (ctx.toolResults.length === 0) return { toolCalls: [{ name: "add", arguments: { a: 2, b: 3 } }], usage: { input: 11, output: 3 } };
  if (ctx.toolResults.length === 1) return { toolCalls: [{ name: "multiply", arguments: { a: 5, b: 4 } }], usage: { input: 17, output: 4 } };
  return { text: "The answer is 20", usage: { input: 23, output: 5 } };
}

const AGENT_TREE = ["calc [AGENT]", "  gpt-4o-mini [CHAT_MODEL]", "    add [TOOL]", "  gpt-4o-mini [CHAT_MODEL]", "    multiply [TOOL]", "  gpt-4o-mini [CHAT_MODEL]"].join("\n");
const WORKFLOW_TREE = ["arith [CHAIN]", "  double [CHAIN]", "  increment [CHAIN]"].join("\n");
const OUTPUT = { generated: "The answer is 20", streamed: "The answer is 20", workflow: { x: 7 } };
const TOKENS = { input_tokens: 51, output_tokens: 12, total_tokens: 63 };

let model: FakeOpenAI;
let mlflow: MlflowServer;

beforeAll(async () => {
  model = await startFakeOpenAI({ handler: twoToolLoop });
  mlflow = await startMlflowServer("sqlite");
});
afterAll(async () => {
  mlflow?.stop();
  await model?.close();
});

// Mastra with the AI SDK's OpenAI provider, no observability configured: one autolog() line.
const suite = useInstalledApps(
  {
    name: "mastra",
    traceloom: ["mastra"],
    dependencies: { "@mastra/core": "1.71.0", "@ai-sdk/openai": "3.0.141", zod: "4.6.7" },
    files: programFiles(...PROGRAMS, "mastra-app.cjs"),
  },
  () => ({ MASTRA_OPENAI_BASE_URL: model.url }),
);

describe.each(MANAGERS)("Mastra app installed with %s", (manager) => {
  it.each(PROGRAMS)("%s: agent (generate and stream) and workflow, each one tree, tokens as the model returned", async (file) => {
    const run = await suite.run(manager, file);
    expect(run.output).toMatchObject(OUTPUT);
    expect(run.traces.map(treeOf)).toEqual([AGENT_TREE, AGENT_TREE, WORKFLOW_TREE]);
    expect(run.traces.slice(0, 2).map(traceTokenUsage)).toEqual([TOKENS, TOKENS]);
    expect(run.traces.map((t) => t.traceId)).toEqual(run.output.traceIds);
    expect(run.stderr).not.toMatch(/traceloom/i);
  });
});

describe("exported to a real MLflow server", () => {
  it("MLflow's Python client reads back the agent and workflow trees with their span types and token usage", async () => {
    const run = await suite.runExporting("npm", "mastra-autolog.mjs", mlflow.uri);
    expect(run.output).toMatchObject(OUTPUT);
    expect(run.stderr).not.toMatch(/traceloom/i);
    const ids = run.output.traceIds as string[];
    type SpanDict = { name: string; span_id: string; parent_span_id: string | null; attributes: Record<string, unknown> };
    type TraceDict = { info: { state: string; trace_metadata: Record<string, string> }; data: { spans: SpanDict[] } };
    const back = runMlflowPython<{ get: Record<string, TraceDict> }>(mlflow, "read_traces.py", ["0", "[]", ...ids]);
    // to_dict() keeps span attribute values JSON-encoded, as MLflow stores them.
    const attr = (s: SpanDict, key: string) => (typeof s.attributes[key] === "string" ? JSON.parse(s.attributes[key] as string) : s.attributes[key]);
    const shape = (t: TraceDict) => {
      const byId = new Map(t.data.spans.map((s) => [s.span_id, s]));
      return t.data.spans.map((s) => `${s.name} [${attr(s, "mlflow.spanType")}] < ${s.parent_span_id ? byId.get(s.parent_span_id)?.name : "-"}`).sort();
    };
    const [generated, streamed, workflow] = ids.map((id) => back.get[id]);
    const agentShape = ["calc [AGENT] < -", "gpt-4o-mini [CHAT_MODEL] < calc", "gpt-4o-mini [CHAT_MODEL] < calc", "gpt-4o-mini [CHAT_MODEL] < calc", "add [TOOL] < gpt-4o-mini", "multiply [TOOL] < gpt-4o-mini"].sort();
    expect(shape(generated)).toEqual(agentShape);
    expect(shape(streamed)).toEqual(agentShape);
    expect(shape(workflow)).toEqual(["arith [CHAIN] < -", "double [CHAIN] < arith", "increment [CHAIN] < arith"].sort());
    for (const t of [generated, streamed, workflow]) expect(t.info.state).toBe("OK");
    expect(JSON.parse(generated.info.trace_metadata["mlflow.trace.tokenUsage"])).toEqual(TOKENS);
    const steps = generated.data.spans.filter((s) => attr(s, "mlflow.spanType") === "CHAT_MODEL");
    expect(steps.map((s) => (attr(s, "mlflow.chat.tokenUsage") as { input_tokens: number }).input_tokens).sort()).toEqual([11, 17, 23]);
  });
});
