import { run, setDefaultOpenAIClient, setTracingDisabled } from "@openai/agents";
import OpenAI from "openai";
import { configure, flush, getLastTraceId, TraceClient } from "@traceloom/core";
import { autolog } from "@traceloom/openai-agents";
import { startFakeOpenAI } from "@traceloom/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { calculator, standInHandler } from "../calculator.js";
import { fileURLToPath } from "node:url";
import { runWithTsx, treeOf } from "../../test/helpers.js";

const fake = await startFakeOpenAI({ handler: standInHandler });

beforeAll(async () => {
  await configure({ trackingUri: "memory:" });
  setDefaultOpenAIClient(new OpenAI({ baseURL: fake.url, apiKey: "test", maxRetries: 0 }));
  setTracingDisabled(false);
  autolog();
});
afterAll(async () => {
  autolog({ disable: true });
  await fake.close();
});

describe("openai-agents calculator example", () => {
  it("answers, and records the run, agent, three turns, three responses and both tool calls", async () => {
    expect((await run(calculator, "What is (2 + 3) * 4?")).finalOutput).toBe("(2 + 3) * 4 = 20");
    await flush();
    const t = await new TraceClient().getTrace(getLastTraceId() ?? "");
    expect(t && treeOf(t)).toBe(
      [
        "Agent workflow [CHAIN]",
        "  Calculator [AGENT]",
        "    turn 1 [CHAIN]",
        "      response [CHAT_MODEL]",
        "      add [TOOL]",
        "    turn 2 [CHAIN]",
        "      response [CHAT_MODEL]",
        "      multiply [TOOL]",
        "    turn 3 [CHAIN]",
        "      response [CHAT_MODEL]",
      ].join("\n"),
    );
    expect(t?.searchSpans({ name: "multiply" }).map((s) => s.inputs)).toEqual([{ a: 5, b: 4 }]);
    expect(t?.tokenUsage?.total_tokens).toBeGreaterThan(0);
  });

  it("runs as a program (tsx) and prints the answer and the tree", async () => {
    const out = await runWithTsx("calculator.ts", fileURLToPath(new URL("..", import.meta.url)));
    expect(out).toContain("(2 + 3) * 4 = 20");
    expect(out).toContain("Calculator");
    expect(out).toContain("multiply");
  }, 60_000);
});
