import { run } from "@openai/agents";
import { describe, expect, it } from "vitest";
import { LOOP_TREE, LOOP_USAGE, scriptTwoToolLoop, useCalcSuite } from "./calc-agent.js";
import { allTraces, childrenWithinParents, onlyTrace, spanNamed, spansNamed, treeOf, useMemoryStore } from "./trace-helpers.js";

describe("streamed runs: run(agent, input, { stream: true })", () => {
  const suite = useCalcSuite();

  it("records the same tree and tokens as a plain run, ending when the stream is consumed", async () => {
    const client = await useMemoryStore();
    scriptTwoToolLoop(suite().fake, { chunkDelayMs: 2 });
    const result = await run(suite().agent, "What is (2 + 3) * 4?", { stream: true });
    expect(await allTraces(client)).toHaveLength(0);
    let events = 0;
    for await (const _event of result) events++;
    await result.completed;
    expect(events).toBeGreaterThan(0);
    expect(result.finalOutput).toBe("The answer is 20");
    const trace = await onlyTrace(client);
    expect(treeOf(trace)).toBe(LOOP_TREE);
    expect(childrenWithinParents(trace)).toBe(true);
    expect(spansNamed(trace, "response").map((s) => s.tokenUsage)).toEqual(LOOP_USAGE.steps);
    expect(JSON.parse(trace.info.metadata["mlflow.trace.tokenUsage"])).toEqual(LOOP_USAGE.total);
    expect(trace.spans.every((s) => !s.events.some((e) => e.name === "cancelled"))).toBe(true);
  });

  it("marks the model call and the run cancelled when the caller stops reading early", async () => {
    const client = await useMemoryStore();
    suite().fake.script({ text: "one two three four five six seven eight", chunkDelayMs: 15 });
    const result = await run(suite().agent, "count", { stream: true });
    let events = 0;
    for await (const _event of result) if (++events >= 3) break;
    await result.completed.catch(() => undefined);
    await waitFor(async () => (await allTraces(client)).length === 1);
    const trace = await onlyTrace(client);
    for (const name of ["response", "turn 1", "Calculator", "Agent workflow"]) {
      const span = spanNamed(trace, name);
      expect(span.events.map((e) => e.name), name).toContain("cancelled");
      expect(span.status.code, name).toBe("STATUS_CODE_OK");
    }
    expect(trace.info.state).toBe("OK");
  });

  it("records the model's error on the model call and on the run, which fails", async () => {
    const client = await useMemoryStore();
    suite().fake.script({ error: { status: 500, message: "upstream exploded", retryable: false } });
    const result = await run(suite().agent, "hi", { stream: true });
    await expect((async () => {
      for await (const _event of result) void _event;
      await result.completed;
    })()).rejects.toThrow("upstream exploded");
    const trace = await onlyTrace(client);
    const response = spanNamed(trace, "response");
    expect(response.status.code).toBe("STATUS_CODE_ERROR");
    expect(response.events.find((e) => e.name === "exception")?.attributes["exception.message"]).toContain("upstream exploded");
    expect(spanNamed(trace, "Agent workflow").status.code).toBe("STATUS_CODE_ERROR");
    expect(trace.info.state).toBe("ERROR");
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
}
