import { agent } from "@llamaindex/workflow";
import { toolCallThenAnswer } from "@traceloom/testkit";
import { tool } from "llamaindex";
import { z } from "@llamaindex/core/zod";
import { describe, expect, it } from "vitest";
import { useLlamaIndex } from "./support/setup.js";
import { onlySpan, treeOf } from "./support/tree.js";

const h = useLlamaIndex();

const addTool = () =>
  tool({
    name: "add",
    description: "Adds two numbers",
    parameters: z.object({ a: z.number(), b: z.number() }),
    execute: ({ a, b }) => String(a + b),
  });

describe("agent workflow", () => {
  it("traces run() as AGENT → chat model, tool, chat model", async () => {
    h.fake().setHandler(toolCallThenAnswer({ name: "add", arguments: { a: 2, b: 3 } }, (r) => `The sum is ${r.at(-1)}`));
    const calculator = agent({ name: "calculator", tools: [addTool()], llm: h.llm() });
    const result = await calculator.run("What is 2 + 3?");
    expect(result.data.result).toBe("The sum is 5");
    const traces = await h.traces();
    console.warn(traces.map(treeOf).join("\n---\n"));
  });
});
