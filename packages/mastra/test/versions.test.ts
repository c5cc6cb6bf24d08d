import * as agent120 from "@mastra/core-1-20/agent";
import * as mastra120 from "@mastra/core-1-20/mastra";
import * as tools120 from "@mastra/core-1-20/tools";
import * as workflows120 from "@mastra/core-1-20/workflows";
import * as agent145 from "@mastra/core-1-45/agent";
import * as mastra145 from "@mastra/core-1-45/mastra";
import * as tools145 from "@mastra/core-1-45/tools";
import * as workflows145 from "@mastra/core-1-45/workflows";
import { describe, expect, it } from "vitest";
import { allTraces, makeApp, scriptTwoToolLoop, spansInOrder, autologSuite, STEP_USAGE, treeOf, TWO_TOOL_TREE, useMemoryStore, type MastraModules } from "./helpers.js";

/** Older minors of @mastra/core (npm aliases): the peer range's floor, and one from mid-2026. */
const VERSIONS: Array<[string, MastraModules]> = [
  ["1.20.0", { ...mastra120, ...agent120, ...tools120, ...workflows120 } as unknown as MastraModules],
  ["1.45.0", { ...mastra145, ...agent145, ...tools145, ...workflows145 } as unknown as MastraModules],
];

describe.each(VERSIONS)("@mastra/core %s", (_version, modules) => {
  const suite = autologSuite({ mastra: modules });

  it("records the two-tool loop as the same tree, with tokens per step", async () => {
    const client = await useMemoryStore();
    scriptTwoToolLoop(suite());
    const result = await makeApp(suite(), { modules }).agent.generate("What is (2 + 3) * 4?", { maxSteps: 5 });
    expect(result.text).toBe("The answer is 20");
    const [trace] = await allTraces(client);
    expect(treeOf(trace)).toBe(TWO_TOOL_TREE);
    expect(spansInOrder(trace).filter((s) => s.spanType === "CHAT_MODEL").map((s) => s.tokenUsage?.input_tokens)).toEqual(STEP_USAGE.map((u) => u.input));
  });

  it("records a workflow and its steps", async () => {
    const client = await useMemoryStore();
    const run = await makeApp(suite(), { modules }).mastra.getWorkflow("arith").createRun();
    await run.start({ inputData: { x: 3 } });
    const [trace] = await allTraces(client);
    expect(treeOf(trace)).toBe(["arith [CHAIN]", "  double [CHAIN]", "  increment [CHAIN]"].join("\n"));
  });
});
