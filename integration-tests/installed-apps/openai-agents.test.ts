import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAI, type Handler } from "@traceloom/testkit";
import { MANAGERS, programFiles, useInstalledApps } from "./app-suite.js";
import { startMlflowServer, type MlflowServer } from "../support/mlflow-server.js";
import { runMlflowPython } from "../support/mlflow-python.js";
import { traceTokenUsage, treeOf } from "../support/stored-traces.js";

const PROGRAMS = ["openai-agents-app.mjs", "openai-agents-app.cjs"];

/** Token usage the stand-in reports for the agent's three model steps. */
const STEPS = [
  { input: 11, output: 3 },
  { input: 17, output: 5 },
  { input: 23, output: 7 },
];
const STEP_USAGE = STEPS.map((s) => ({ input_tokens: s.input, output_tokens: s.output, total_tokens: s.input + s.output }));
const RUN_TOKENS = { input_tokens: 51, output_tokens: 15, total_tokens: 66 };

/** The agent's turns: add, multiply, answer. */
const agentTurns: Handler = (_body, ctx) => {
  if (ctx.toolResults.length === 0) return { toolCalls: [{ name: "add", arguments: { a: 2, b: 3 } }], usage: STEPS[0] };
  if (ctx.toolResults.length === 1) return { toolCalls: [{ name: "multiply", arguments: { a: 5, b: 4 } }], usage: STEPS[1] };
  return { text: `(2 + 3) * 4 = ${ctx.toolResults[1]}`, usage: STEPS[2] };
};

/** One run: the SDK's spans, each model response with the app's OpenAI request (OpenAI autolog) under it, once. */
const RUN_TREE = [
  "Agent workflow [CHAIN]",
  "  Calculator [AGENT]",
  "    turn 1 [CHAIN]",
  "      response [CHAT_MODEL]",
  "        Responses [CHAT_MODEL]",
  "      add [TOOL]",
  "    turn 2 [CHAIN]",
  "      response [CHAT_MODEL]",
  "        Responses [CHAT_MODEL]",
  "      multiply [TOOL]",
  "    turn 3 [CHAIN]",
  "      response [CHAT_MODEL]",
  "        Responses [CHAT_MODEL]",
].join("\n");
const OUTPUT = { answers: ["(2 + 3) * 4 = 20", "(2 + 3) * 4 = 20"] };

let model: FakeOpenAI;
beforeAll(async () => {
  model = await startFakeOpenAI({ handler: agentTurns });
});
afterAll(() => model?.close());

// The Agents SDK (with its own openai 7 and zod 4) and both autologs, as a user installs them.
const suite = useInstalledApps(
  { name: "openai-agents", traceloom: ["openai", "openai-agents"], dependencies: { "@openai/agents": "0.20.0", zod: "4.6.7" }, files: programFiles(...PROGRAMS) },
  // Export may take a few seconds on a loaded 2-core machine (a fresh MLflow server's first requests): let exit wait.
  () => ({ OPENAI_BASE_URL: model.url, TRACELOOM_EXIT_TIMEOUT_MS: "30000" }),
);

describe.each(MANAGERS)("OpenAI Agents SDK app installed with %s", (manager) => {
  it.each(PROGRAMS)("%s: a plain and a streamed run, each one tree with each request once, tokens per step and per trace", async (file) => {
    const run = await suite.run(manager, file);
    expect(run.output).toEqual(OUTPUT);
    expect(run.traces.map(treeOf)).toEqual([RUN_TREE, RUN_TREE]);
    for (const trace of run.traces) {
      const responses = trace.spans.filter((s) => s.name === "response").sort((a, b) => a.startTimeNs - b.startTimeNs);
      expect(responses.map((s) => s.tokenUsage)).toEqual(STEP_USAGE);
      expect(traceTokenUsage(trace)).toEqual(RUN_TOKENS);
    }
    expect(run.stderr).not.toMatch(/traceloom/i);
  });
});

interface ReadBack {
  search: {
    info: { trace_id: string; state: string; trace_metadata: Record<string, string> };
    data: { spans: { name: string; span_id: string; parent_span_id: string | null; attributes: Record<string, unknown> }[] };
  }[];
}

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

  it("MLflow's Python client reads back both runs whole: parents, span types and token usage", async () => {
    const run = await suite.runExporting("npm", "openai-agents-app.cjs", server.uri);
    expect(run.output).toEqual(OUTPUT);
    expect(run.stderr).not.toMatch(/traceloom/i); // the exit line would name traces the export lost
    const back = await readBack(server, 2);
    expect(back.search).toHaveLength(2);
    for (const trace of back.search) {
      expect(trace.info.state).toBe("OK");
      const byId = new Map(trace.data.spans.map((s) => [s.span_id, s]));
      const lines = trace.data.spans.map((s) => {
        const parent = s.parent_span_id ? byId.get(s.parent_span_id)?.name : null;
        return `${s.name} ${JSON.parse(String(s.attributes["mlflow.spanType"]))} < ${parent}`;
      });
      expect(lines.sort()).toEqual(
        [
          "Agent workflow CHAIN < null",
          "Calculator AGENT < Agent workflow",
          "turn 1 CHAIN < Calculator",
          "turn 2 CHAIN < Calculator",
          "turn 3 CHAIN < Calculator",
          "response CHAT_MODEL < turn 1",
          "response CHAT_MODEL < turn 2",
          "response CHAT_MODEL < turn 3",
          "Responses CHAT_MODEL < response",
          "Responses CHAT_MODEL < response",
          "Responses CHAT_MODEL < response",
          "add TOOL < turn 1",
          "multiply TOOL < turn 2",
        ].sort(),
      );
      expect(JSON.parse(trace.info.trace_metadata["mlflow.trace.tokenUsage"])).toEqual(RUN_TOKENS);
    }
  }, 180_000);
});
