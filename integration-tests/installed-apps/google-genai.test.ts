import type { TraceJSON } from "@traceloom/core";
import { startFakeGemini, type FakeGemini, type GeminiHandler } from "@traceloom/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMlflowPython } from "../support/mlflow-python.js";
import { startMlflowServer, type MlflowServer } from "../support/mlflow-server.js";
import { traceTokenUsage, treeOf } from "../support/stored-traces.js";
import { MANAGERS, programFiles, useInstalledApps } from "./app-suite.js";

const API_KEY = "AIza-installed-app-SECRET";

/** The loopback Gemini model: a function call for a weather question, an error when asked to fail, else an echo. */
const handler: GeminiHandler = (_body, ctx) => {
  if (ctx.lastUserText === "please fail") return { error: { code: 400, message: "asked to fail" } };
  if (ctx.functionResponses.length > 0) return { text: "Clear skies in Oslo.", usage: { input: 12, output: 4 } };
  if (ctx.lastUserText.includes("weather")) return { functionCalls: [{ name: "get_weather", args: { city: "Oslo" } }], usage: { input: 8, output: 2 } };
  return undefined;
};

let fake: FakeGemini;
let mlflow: MlflowServer;
beforeAll(async () => {
  fake = await startFakeGemini({ handler, apiKey: API_KEY });
  mlflow = await startMlflowServer("sqlite");
});
afterAll(async () => {
  mlflow?.stop();
  await fake?.close();
});

// @google/genai 3 and the Gemini autolog, with the loopback Gemini server given by the environment.
const suite = useInstalledApps(
  { name: "google-genai", traceloom: ["google-genai"], dependencies: { "@google/genai": "3.6.1" }, files: programFiles("google-genai.mjs", "google-genai.cjs") },
  () => ({ GEMINI_BASE_URL: fake.url, GEMINI_API_KEY: API_KEY }),
);

const AGENT_TREE = [
  "plan_trip [AGENT]",
  "  Models.generateContent [CHAT_MODEL]",
  "  Models.generateContent [CHAT_MODEL]",
  "  Models.generateContentStream [CHAT_MODEL]",
].join("\n");

describe.each(MANAGERS)("Gemini app (@google/genai 3) installed with %s", (manager) => {
  it("ESM: a chat session with a function call, a stream, an embedding and an error, each request one span", async () => {
    const run = await suite.run(manager, "google-genai.mjs");
    expect(run.output).toMatchObject({
      call: { name: "get_weather", args: { city: "Oslo" } },
      answer: "Clear skies in Oslo.",
      streamed: "Echo: Summarise the trip",
      embeddings: 2,
      error: { class: "ApiError", status: 400 },
    });
    expect(run.traces.map(treeOf)).toEqual([AGENT_TREE, "Models.embedContent [EMBEDDING]", "Models.generateContent [CHAT_MODEL]"]);
    const [agent, , failed] = run.traces;
    expect(traceTokenUsage(agent)).toEqual({ input_tokens: 23, output_tokens: 10, total_tokens: 33 });
    const answer = agent.spans.filter((s) => s.name === "Models.generateContent")[1];
    expect((answer.inputs as { contents: unknown[] }).contents).toHaveLength(3);
    expect(answer.attribute("mlflow.message.format")).toBe("gemini");
    expect(failed.info.state).toBe("ERROR");
    expect(failed.spans[0].events.find((e) => e.name === "exception")?.attributes["exception.type"]).toBe("ApiError");
    expect(JSON.stringify(run.traces.map((t) => t.toJSON()))).not.toContain(API_KEY);
    expect(run.stderr).not.toMatch(/traceloom/i);
  });

  it("CommonJS: autolog() before require; a call, a stream, and a stream left early (cancelled)", async () => {
    const run = await suite.run(manager, "google-genai.cjs");
    expect(run.output).toEqual({ reply: "Echo: Tell me about bears", streamed: "Echo: Tell me about rivers", early: ["Echo: ", "one "] });
    expect(run.traces.map(treeOf)).toEqual(["Models.generateContent [CHAT_MODEL]", "Models.generateContentStream [CHAT_MODEL]", "Models.generateContentStream [CHAT_MODEL]"]);
    const cancelled = run.traces[2].spans[0];
    expect(cancelled.events.map((e) => e.name)).toContain("cancelled");
    expect(run.stderr).not.toMatch(/traceloom/i);
  });
});

interface PythonReadBack {
  get: Record<string, TraceJSON | { error: string }>;
  search: TraceJSON[];
}

describe("Gemini app exporting to a real MLflow server", () => {
  it("sends every trace whole: MLflow's Python client reads back the spans, chat attributes and token usage", async () => {
    const { output } = await suite.runExporting("npm", "google-genai.mjs", mlflow.uri);
    const ids = output.traceIds as string[];
    expect(ids).toHaveLength(3);
    const back = runMlflowPython<PythonReadBack>(mlflow, "read_traces.py", ["0", "[]", ...ids]);
    const [agent, embedding, failed] = ids.map((id) => back.get[id] as TraceJSON);
    expect(agent.data.spans.map((s) => s.name).sort()).toEqual(["Models.generateContent", "Models.generateContent", "Models.generateContentStream", "plan_trip"]);
    expect(JSON.parse(agent.info.trace_metadata["mlflow.trace.tokenUsage"])).toEqual({ input_tokens: 23, output_tokens: 10, total_tokens: 33 });
    const stream = agent.data.spans.find((s) => s.name === "Models.generateContentStream")!;
    expect(JSON.parse(stream.attributes["mlflow.message.format"])).toBe("gemini");
    expect(JSON.parse(stream.attributes["mlflow.spanType"])).toBe("CHAT_MODEL");
    expect(JSON.parse(stream.attributes["mlflow.chat.tokenUsage"])).toMatchObject({ total_tokens: expect.any(Number) });
    expect(JSON.parse(stream.attributes["mlflow.spanOutputs"]).candidates[0].content.parts[0].text).toBe("Echo: Summarise the trip");
    expect(stream.events.map((e) => e.name)).toContain("first_token");
    expect(embedding.data.spans.map((s) => JSON.parse(s.attributes["mlflow.spanType"]))).toEqual(["EMBEDDING"]);
    expect(failed.info.state).toBe("ERROR");
    expect(back.search.map((t) => t.info.trace_id).sort()).toEqual([...ids].sort());
    expect(JSON.stringify(back.get)).not.toContain(API_KEY);
  });
});
