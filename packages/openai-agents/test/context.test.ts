import { run, tool, Agent } from "@openai/agents";
import { getCurrentSpan, trace, withSpan } from "@traceloom/core";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { autolog } from "../src/index.js";
import { LOOP_TREE, scriptTwoToolLoop, useCalcSuite } from "./calc-agent.js";
import { allTraces, onlyTrace, spanNamed, treeOf, useMemoryStore } from "./trace-helpers.js";

const indent = (tree: string, by: string) => tree.split("\n").map((line) => by + line).join("\n");

describe("runs and traceloom's own context", () => {
  const suite = useCalcSuite();

  it("nests a run inside trace() under its span", async () => {
    const client = await useMemoryStore();
    scriptTwoToolLoop(suite().fake);
    const answer = await trace(async function handleQuestion(question: string) {
      return (await run(suite().agent, question)).finalOutput;
    })("What is (2 + 3) * 4?");
    expect(answer).toBe("The answer is 20");
    const recorded = await onlyTrace(client);
    expect(treeOf(recorded)).toBe(`handleQuestion [UNKNOWN]\n${indent(LOOP_TREE, "  ")}`);
    expect(spanNamed(recorded, "handleQuestion").outputs).toBe("The answer is 20");
  });

  it("nests the user's withSpan() inside a tool under the tool's span, and sees the tool span as current there", async () => {
    const client = await useMemoryStore();
    let currentInTool: string | undefined;
    const lookup = tool({
      name: "lookup",
      description: "Looks a word up",
      parameters: z.object({ word: z.string() }),
      execute: async ({ word }) => {
        currentInTool = getCurrentSpan()?.name;
        return withSpan({ name: "dictionary", spanType: "RETRIEVER" }, async (span) => {
          span.setOutputs(`meaning of ${word}`);
          return `meaning of ${word}`;
        });
      },
    });
    const agent = new Agent({ name: "Lexicon", instructions: "Look words up.", tools: [lookup], model: "gpt-4o-mini" });
    suite().fake.script({ toolCalls: [{ name: "lookup", arguments: { word: "loom" } }] }, "A loom weaves.");
    await withSpan("request", () => run(agent, "What is a loom?"));
    expect(currentInTool).toBe("lookup");
    const recorded = await onlyTrace(client);
    expect(treeOf(recorded)).toBe(
      [
        "request [UNKNOWN]",
        "  Agent workflow [CHAIN]",
        "    Lexicon [AGENT]",
        "      turn 1 [CHAIN]",
        "        response [CHAT_MODEL]",
        "        lookup [TOOL]",
        "          dictionary [RETRIEVER]",
        "      turn 2 [CHAIN]",
        "        response [CHAT_MODEL]",
      ].join("\n"),
    );
  });

  it("keeps 20 concurrent runs apart: one trace each, each with its own question, tools and answer", async () => {
    const client = await useMemoryStore();
    suite().fake.setHandler((_body, ctx) => {
      const n = /question (\d+)/.exec(ctx.lastUserText)?.[1] ?? "?";
      if (!ctx.hasToolResult) return { toolCalls: [{ name: "add", arguments: { a: Number(n), b: 1000 } }], delayMs: (Number(n) * 7) % 23 };
      return { text: `answer ${n}: ${ctx.toolResults.at(-1)}`, delayMs: (Number(n) * 5) % 17 };
    });
    const runs = Array.from({ length: 20 }, (_, i) => run(suite().agent, `question ${i}`));
    const results = await Promise.all(runs);
    expect(results.map((r) => r.finalOutput)).toEqual(Array.from({ length: 20 }, (_, i) => `answer ${i}: ${i + 1000}`));
    const traces = await allTraces(client);
    expect(traces).toHaveLength(20);
    for (const t of traces) {
      expect(treeOf(t)).toBe(
        ["Agent workflow [CHAIN]", "  Calculator [AGENT]", "    turn 1 [CHAIN]", "      response [CHAT_MODEL]", "      add [TOOL]", "    turn 2 [CHAIN]", "      response [CHAT_MODEL]"].join("\n"),
      );
      const n = /question (\d+)/.exec(t.info.requestPreview ?? "")?.[1];
      expect(n).toBeDefined();
      expect(spanNamed(t, "add").inputs).toEqual({ a: Number(n), b: 1000 });
      expect(spanNamed(t, "add").outputs).toBe(String(Number(n) + 1000));
      expect(t.info.responsePreview).toContain(`answer ${n}: ${Number(n) + 1000}`);
    }
  });

  it("leaves the run's results identical with and without autolog", async () => {
    const outcome = async () => {
      suite().fake.reset();
      scriptTwoToolLoop(suite().fake);
      const result = await run(suite().agent, "What is (2 + 3) * 4?");
      return JSON.parse(JSON.stringify({ finalOutput: result.finalOutput, history: result.history, newItems: result.newItems, raw: result.rawResponses, usage: result.state.usage }));
    };
    await useMemoryStore();
    const traced = await outcome();
    autolog({ disable: true });
    try {
      const untraced = await outcome();
      expect(traced).toEqual(untraced);
    } finally {
      autolog();
    }
  });
});
