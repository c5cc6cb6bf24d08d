import { Mastra } from "@mastra/core/mastra";
import { Observability } from "@mastra/observability";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { autolog } from "../src/index.js";
import { allTraces, makeApp, scriptTwoToolLoop, startFakeOpenAI, treeOf, TWO_TOOL_TREE, useMemoryStore } from "./helpers.js";

type Loose = Record<string, any>;

/** An exporter of the application's own, to see that its events keep arriving. */
function appExporter() {
  const ended: string[] = [];
  return {
    ended,
    exporter: {
      name: "app-exporter",
      async exportTracingEvent(event: Loose) {
        if (event.type === "span_ended") ended.push(event.exportedSpan.type);
      },
      async flush() {},
      async shutdown() {},
    },
  };
}

/** A bridge of the application's own (say, OpenTelemetry's), which ours must not displace. */
const otherBridge = {
  name: "other-bridge",
  createSpan: () => undefined,
  async exportTracingEvent() {},
  async flush() {},
  async shutdown() {},
};

describe("autolog options", () => {
  let fake: Awaited<ReturnType<typeof startFakeOpenAI>>;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());
  afterEach(() => {
    autolog({ disable: true });
    vi.restoreAllMocks();
  });

  it("logTraces: false records nothing and leaves results as they are", async () => {
    const client = await useMemoryStore();
    autolog({ logTraces: false });
    scriptTwoToolLoop(fake);
    const result = await makeApp(fake).agent.generate("What is (2 + 3) * 4?", { maxSteps: 5 });
    expect(result.text).toBe("The answer is 20");
    expect(await allTraces(client)).toHaveLength(0);
    autolog();
    scriptTwoToolLoop(fake);
    await makeApp(fake).agent.generate("What is (2 + 3) * 4?", { maxSteps: 5 });
    expect((await allTraces(client)).map(treeOf)).toEqual([TWO_TOOL_TREE]);
  });

  it("disable: true restores Mastra's own getter and records nothing; autolog() again records again", async () => {
    const client = await useMemoryStore();
    const original = Object.getOwnPropertyDescriptor(Mastra.prototype, "observability");
    autolog();
    expect(Object.getOwnPropertyDescriptor(Mastra.prototype, "observability")?.get).not.toBe(original?.get);
    autolog({ disable: true });
    expect(Object.getOwnPropertyDescriptor(Mastra.prototype, "observability")).toEqual(original);
    scriptTwoToolLoop(fake);
    await makeApp(fake).agent.generate("What is (2 + 3) * 4?", { maxSteps: 5 });
    expect(await allTraces(client)).toHaveLength(0);
    autolog();
    scriptTwoToolLoop(fake);
    await makeApp(fake).agent.generate("What is (2 + 3) * 4?", { maxSteps: 5 });
    expect(await allTraces(client)).toHaveLength(1);
  });

  it("joins observability the application configured: its exporter keeps its events, ours records the tree", async () => {
    const client = await useMemoryStore();
    autolog();
    const app = appExporter();
    const { agent } = makeApp(fake, {
      observability: new Observability({ configs: { default: { serviceName: "app", exporters: [app.exporter] } } }),
    });
    scriptTwoToolLoop(fake);
    await agent.generate("What is (2 + 3) * 4?", { maxSteps: 5 });
    expect((await allTraces(client)).map(treeOf)).toEqual([TWO_TOOL_TREE]);
    expect(app.ended).toContain("agent_run");
    expect(app.ended.filter((t) => t === "model_step")).toHaveLength(3);
  });

  it("keeps an application's own bridge, records the tree from events, and says so once unless silent", async () => {
    const client = await useMemoryStore();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    autolog({ silent: true });
    const withBridge = () => makeApp(fake, { observability: new Observability({ configs: { default: { serviceName: "app", bridge: otherBridge } } }) });
    scriptTwoToolLoop(fake);
    await withBridge().agent.generate("What is (2 + 3) * 4?", { maxSteps: 5 });
    expect(warn).not.toHaveBeenCalled();
    expect((await allTraces(client)).map(treeOf)).toEqual([TWO_TOOL_TREE]);
    autolog();
    scriptTwoToolLoop(fake);
    await withBridge().agent.generate("What is (2 + 3) * 4?", { maxSteps: 5 });
    expect(warn.mock.calls.map((c) => String(c[0])).filter((m) => m.includes("another observability bridge"))).toHaveLength(1);
  });
});
