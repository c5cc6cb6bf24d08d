import { describe, expect, it } from "vitest";
import { allTraces, makeApp, scriptTwoToolLoop, spansInOrder, autologSuite, treeOf, TWO_TOOL_TREE, useMemoryStore } from "./helpers.js";

describe("workflows", () => {
  const suite = autologSuite();

  it("records a run as a CHAIN span with a CHAIN span per step, in order, with each step's input and output", async () => {
    const client = await useMemoryStore();
    const run = await makeApp(suite()).mastra.getWorkflow("arith").createRun();
    const result = await run.start({ inputData: { x: 3 } });
    expect(result.status).toBe("success");
    const [trace] = await allTraces(client);
    expect(treeOf(trace)).toBe(["arith [CHAIN]", "  double [CHAIN]", "  increment [CHAIN]"].join("\n"));
    const [root, double, increment] = spansInOrder(trace);
    expect(root.inputs).toEqual({ x: 3 });
    expect(root.outputs).toMatchObject({ x: 7 });
    expect([double.inputs, double.outputs, increment.inputs, increment.outputs]).toEqual([{ x: 3 }, { x: 6 }, { x: 6 }, { x: 7 }]);
    expect(double.endTimeNs!).toBeLessThanOrEqual(increment.startTimeNs);
  });

  it("nests an agent called from a step under that step's span, in the same trace", async () => {
    const client = await useMemoryStore();
    scriptTwoToolLoop(suite());
    const run = await makeApp(suite()).mastra.getWorkflow("ask").createRun();
    const result = await run.start({ inputData: { question: "What is (2 + 3) * 4?" } });
    expect(result.status).toBe("success");
    const traces = await allTraces(client);
    expect(traces).toHaveLength(1);
    expect(treeOf(traces[0])).toBe(["ask [CHAIN]", "  ask-calc [CHAIN]", ...TWO_TOOL_TREE.split("\n").map((l) => `    ${l}`)].join("\n"));
  });

  it("marks a failing step and its run as errors", async () => {
    const client = await useMemoryStore();
    const run = await makeApp(suite()).mastra.getWorkflow("arith").createRun();
    const result = await run.start({ inputData: { x: -1 } });
    expect(result.status).toBe("failed");
    const [trace] = await allTraces(client);
    const [root, double] = spansInOrder(trace);
    expect(double.status.code).toBe("STATUS_CODE_ERROR");
    expect(double.status.message).toContain("negative input");
    expect(root.status.code).toBe("STATUS_CODE_ERROR");
    expect(trace.info.state).toBe("ERROR");
  });
});
