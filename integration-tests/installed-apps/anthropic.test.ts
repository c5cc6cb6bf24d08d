import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TraceJSON } from "@traceloom/core";
import { startFakeAnthropic, type AnthropicRequestInfo, type FakeAnthropic } from "@traceloom/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MANAGERS, programFiles, useInstalledApps, type ProgramRun } from "./app-suite.js";
import { installedVersion } from "../support/installed-package.js";
import { runMlflowPython } from "../support/mlflow-python.js";
import { startMlflowServer, type MlflowServer } from "../support/mlflow-server.js";
import { treeOf } from "../support/stored-traces.js";

const PROGRAMS = ["anthropic-autolog.mjs", "anthropic-autolog.cjs"];

/** The stand-in Claude: a tool call for the weather question, its answer once told the tool's result, else an echo. */
function claude({ lastUserText, toolResults }: AnthropicRequestInfo) {
  if (toolResults.length > 0) return { text: `Paris: ${toolResults[0]}.` };
  if (lastUserText.includes("weather")) return { text: "", thinking: "I need the forecast.", toolUse: { name: "get_weather", input: { city: "Paris" } } };
  return undefined;
}

let fake: FakeAnthropic;
let mlflow: MlflowServer;
const scratch = mkdtempSync(join(tmpdir(), "traceloom-anthropic-app-"));
beforeAll(async () => {
  fake = await startFakeAnthropic({ handler: claude });
  mlflow = await startMlflowServer("sqlite");
});
afterAll(async () => {
  await fake?.close();
  mlflow?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

// The Anthropic SDK (current major) and its autolog, nothing else.
const suite = useInstalledApps(
  { name: "anthropic", traceloom: ["anthropic"], dependencies: { "@anthropic-ai/sdk": "1.17.0" }, files: programFiles(...PROGRAMS) },
  () => ({ ANTHROPIC_BASE_URL: fake.url, ANTHROPIC_API_KEY: "sk-ant-installed-app-SECRET" }),
);

const EXPECTED_OUTPUT = {
  reply: "Echo: Tell me about bears",
  streamed: "Echo: Tell me about rivers",
  helper: "Echo: Tell me about lakes",
  tool: { city: "Paris" },
  answer: "Paris: 14 °C, light rain.",
  tokens: 4,
  cjsCopies: [],
};

/** What every run's traces must show: one trace per request, Anthropic-shaped, tokens as MLflow counts them. */
function expectAnthropicTraces(traces: TraceJSON[]): void {
  const spans = traces.map((t) => t.data.spans);
  expect(spans.map((s) => s.map((span) => span.name))).toEqual([["Messages.create"], ["Messages.create"], ["Messages.create"], ["Messages.create"], ["Messages.create"], ["Messages.countTokens"]]);
  const attr = (span: TraceJSON["data"]["spans"][number], key: string) => (span.attributes[key] === undefined ? undefined : JSON.parse(span.attributes[key]));
  const [plain, stream, helper, call, answer, count] = spans.map((s) => s[0]);
  for (const span of [plain, stream, helper, call, answer]) {
    expect(attr(span, "mlflow.spanType")).toBe("CHAT_MODEL");
    expect(attr(span, "mlflow.message.format")).toBe("anthropic");
    const usage = attr(span, "mlflow.chat.tokenUsage");
    expect(usage.total_tokens).toBe(usage.input_tokens + usage.output_tokens);
  }
  expect(attr(plain, "mlflow.spanInputs").system).toBe("Be brief.");
  expect(attr(plain, "mlflow.spanOutputs").content[0].text).toBe("Echo: Tell me about bears");
  expect(attr(stream, "mlflow.spanOutputs").content[0].text).toBe("Echo: Tell me about rivers");
  expect(stream.events.map((e) => e.name)).toContain("first_token");
  expect(attr(call, "mlflow.spanOutputs").content.map((b: { type: string }) => b.type)).toEqual(["thinking", "tool_use"]);
  expect(attr(call, "stop_reason")).toBe("tool_use");
  expect(attr(answer, "mlflow.spanInputs").messages[2].content[0].type).toBe("tool_result");
  expect(attr(count, "mlflow.spanOutputs")).toEqual({ input_tokens: 4 });
  expect(JSON.stringify(traces)).not.toContain("SECRET");
}

describe.each(MANAGERS)("Anthropic app installed with %s", (manager) => {
  it("is laid out so: the app's own @anthropic-ai/sdk is 1.17", () => {
    expect(installedVersion(suite.dir(manager), "@anthropic-ai/sdk")).toBe("1.17.0");
  });

  it.each(PROGRAMS)("%s: every call is one Messages trace, the helpers' included; no other module copy loaded", async (file) => {
    const run: ProgramRun = await suite.run(manager, file);
    expect(run.output).toEqual(EXPECTED_OUTPUT);
    expect(run.traces.map(treeOf)).toHaveLength(6);
    expectAnthropicTraces(run.traces.map((t) => t.toJSON()));
    expect(run.stderr).not.toMatch(/traceloom/i);
  });
});

describe("exported to a real MLflow server (npm app, ES module program)", () => {
  let readBack: { get: Record<string, TraceJSON | { error: string }>; search: TraceJSON[] };
  let loaded: Record<string, { error?: string; spans?: { name: string; span_type: string; message_format: string; token_usage: unknown; outputs: unknown }[] }>;
  let local: TraceJSON[];
  beforeAll(async () => {
    const exported = await suite.runExporting("npm", "anthropic-autolog.mjs", mlflow.uri);
    expect(exported.output).toEqual(EXPECTED_OUTPUT);
    readBack = runMlflowPython(mlflow, "read_traces.py", ["0", "[]"]);
    // the same program, stored locally, then loaded from its JSON by MLflow's own Trace.from_json
    local = (await suite.run("npm", "anthropic-autolog.mjs")).traces.map((t) => t.toJSON());
    const files = local.map((t, i) => {
      const file = join(scratch, `trace-${i}.json`);
      writeFileSync(file, JSON.stringify(t));
      return file;
    });
    loaded = runMlflowPython(mlflow, "load_trace_json.py", files);
  });

  it("MLflow's Python client reads every trace back whole", () => {
    const traces = [...readBack.search].sort((a, b) => Date.parse(a.info.request_time) - Date.parse(b.info.request_time));
    expect(traces).toHaveLength(6);
    for (const t of traces) expect(t.data.spans.length).toBe(JSON.parse(t.info.trace_metadata["mlflow.trace.sizeStats"]).num_spans);
    expectAnthropicTraces(traces);
    expect(JSON.parse(traces[0].info.trace_metadata["mlflow.trace.tokenUsage"]).total_tokens).toBeGreaterThan(0);
  });

  it("MLflow's Trace.from_json loads the locally stored traces, span types, formats and usage intact", () => {
    const results = Object.values(loaded);
    expect(results).toHaveLength(6);
    for (const r of results) expect(r.error).toBeUndefined();
    expect(results.map((r) => r.spans!.map((s) => `${s.name} [${s.span_type}]`))).toEqual([
      ...Array(5).fill(["Messages.create [CHAT_MODEL]"]),
      ["Messages.countTokens [UNKNOWN]"],
    ]);
    const plain = results[0].spans![0];
    expect(plain.message_format).toBe("anthropic");
    const localUsage = JSON.parse(local[0].data.spans[0].attributes["mlflow.chat.tokenUsage"]);
    expect(plain.token_usage).toEqual(localUsage);
    expect((plain.outputs as { content: { text: string }[] }).content[0].text).toBe("Echo: Tell me about bears");
  });
});
