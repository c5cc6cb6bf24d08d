import { addTraceProcessor, run, setTraceProcessors } from "@openai/agents";
import { afterEach, describe, expect, it } from "vitest";
import { autolog } from "../src/index.js";
import { LOOP_TREE, scriptTwoToolLoop, useCalcSuite } from "./calc-agent.js";
import { allTraces, onlyTrace, treeOf, useMemoryStore } from "./trace-helpers.js";

/** A processor of the user's own, as an exporter would be: it counts what the SDK tells it. */
function countingProcessor() {
  const seen = { traces: 0, spans: 0 };
  const processor = {
    seen,
    onTraceStart: async () => void seen.traces++,
    onTraceEnd: async () => undefined,
    onSpanStart: async () => undefined,
    onSpanEnd: async () => void seen.spans++,
    shutdown: async () => undefined,
    forceFlush: async () => undefined,
  };
  return processor;
}

describe("autolog({ logTraces, disable }) and the SDK's own processors", () => {
  const suite = useCalcSuite();
  afterEach(() => autolog());

  async function loop(): Promise<void> {
    scriptTwoToolLoop(suite().fake);
    expect((await run(suite().agent, "What is (2 + 3) * 4?")).finalOutput).toBe("The answer is 20");
  }

  it("logTraces: false records nothing; turning it back on records again", async () => {
    const client = await useMemoryStore();
    autolog({ logTraces: false });
    await loop();
    expect(await allTraces(client)).toHaveLength(0);
    autolog({ logTraces: true });
    suite().fake.reset();
    await loop();
    expect(treeOf(await onlyTrace(client))).toBe(LOOP_TREE);
  });

  it("disable: true records nothing, and a second autolog() records again (idempotent: one trace per run)", async () => {
    const client = await useMemoryStore();
    autolog({ disable: true });
    await loop();
    expect(await allTraces(client)).toHaveLength(0);
    autolog();
    autolog();
    suite().fake.reset();
    await loop();
    expect(treeOf(await onlyTrace(client))).toBe(LOOP_TREE);
  });

  it("adds to the user's processors without replacing them, and stays when the user replaces the list", async () => {
    const client = await useMemoryStore();
    const added = countingProcessor();
    addTraceProcessor(added);
    await loop();
    expect(added.seen).toEqual({ traces: 1, spans: 10 });
    const only = countingProcessor();
    setTraceProcessors([only]);
    suite().fake.reset();
    await loop();
    expect(only.seen).toEqual({ traces: 1, spans: 10 });
    expect(added.seen.traces).toBe(1);
    const traces = await allTraces(client);
    expect(traces.map(treeOf)).toEqual([LOOP_TREE, LOOP_TREE]);
  });
});
