import { GoogleGenAI } from "@google/genai";
import { configure, flush, getLastTraceId, TraceClient } from "@traceloom/core";
import { autolog } from "@traceloom/google-genai";
import { startFakeGemini } from "@traceloom/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgent, standInReply } from "../google-genai-agent.js";
import { runWithTsx, treeOf } from "./helpers.js";

const fake = await startFakeGemini({ handler: standInReply });

beforeAll(async () => {
  await configure({ trackingUri: "memory:" });
  autolog();
});
afterAll(async () => {
  autolog({ disable: true });
  await fake.close();
});

describe("google-genai-agent example", () => {
  it("calls the weather function through a chat session and records agent, model calls and tool as one tree", async () => {
    const ai = new GoogleGenAI({ apiKey: "test", httpOptions: { baseUrl: fake.url } });
    expect(await createAgent(ai)("What is the weather in Oslo?")).toBe("It is clear and 4 °C in Oslo.");
    await flush();
    const t = (await new TraceClient().getTrace(getLastTraceId() ?? ""))!;
    expect(treeOf(t)).toBe(
      ["weather_agent [AGENT]", "  Models.generateContent [CHAT_MODEL]", "  get_weather [TOOL]", "  Models.generateContent [CHAT_MODEL]"].join("\n"),
    );
    const answer = t.searchSpans({ name: "Models.generateContent" })[1];
    const contents = (answer.inputs as { contents: Array<{ role: string; parts: Array<Record<string, unknown>> }> }).contents;
    expect(contents.map((c) => [c.role, Object.keys(c.parts[0])[0]])).toEqual([
      ["user", "text"],
      ["model", "functionCall"],
      ["user", "functionResponse"],
    ]);
    expect(answer.attribute("mlflow.message.format")).toBe("gemini");
    expect(JSON.parse(t.info.metadata["mlflow.trace.tokenUsage"])).toMatchObject({ input_tokens: expect.any(Number) });
  });

  it("runs as its package script does, offline", async () => {
    const out = await runWithTsx("google-genai-agent.ts");
    expect(out).toContain("It is clear and 4 °C in Oslo.");
    expect(out).toContain("Models.generateContent");
  }, 60_000);
});
