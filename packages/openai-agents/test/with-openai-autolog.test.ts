import * as openaiModule from "openai";
import { run } from "@openai/agents";
import { autolog as autologOpenAI } from "@traceloom/openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOOP_USAGE, scriptTwoToolLoop, useCalcSuite } from "./calc-agent.js";
import { childrenWithinParents, onlyTrace, spansNamed, treeOf, useMemoryStore } from "./trace-helpers.js";

/** The two-tool loop with each model call's raw OpenAI request under it. */
const TREE_WITH_REQUESTS = [
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

describe("with the OpenAI autolog also on", () => {
  const suite = useCalcSuite();
  beforeAll(() => autologOpenAI({ openai: openaiModule }));
  afterAll(() => autologOpenAI({ disable: true }));

  async function streamedAnswer(): Promise<unknown> {
    const result = await run(suite().agent, "What is (2 + 3) * 4?", { stream: true });
    for await (const _event of result) void _event;
    await result.completed;
    return result.finalOutput;
  }

  for (const stream of [false, true]) {
    it(`records each model request once, under its response span (${stream ? "streamed" : "plain"} run), tokens counted once`, async () => {
      const client = await useMemoryStore();
      scriptTwoToolLoop(suite().fake);
      const answer = stream ? await streamedAnswer() : (await run(suite().agent, "What is (2 + 3) * 4?")).finalOutput;
      expect(answer).toBe("The answer is 20");
      const trace = await onlyTrace(client);
      expect(treeOf(trace)).toBe(TREE_WITH_REQUESTS);
      expect(spansNamed(trace, "Responses")).toHaveLength(3);
      expect(suite().fake.requests.filter((r) => r.endpoint === "responses")).toHaveLength(3);
      expect(childrenWithinParents(trace)).toBe(true);
      expect(spansNamed(trace, "Responses").map((s) => s.tokenUsage)).toEqual(LOOP_USAGE.steps);
      expect(JSON.parse(trace.info.metadata["mlflow.trace.tokenUsage"])).toEqual(LOOP_USAGE.total);
    });
  }
});
