import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { autolog } from "../src/index.js";
import { allTraces, makeApp, scriptTwoToolLoop, startFakeOpenAI, treeOf, useMemoryStore } from "./helpers.js";

/**
 * Keys whose values differ from run to run whatever tracing does (IDs, clocks), and Mastra's `traceId`/`spanId`,
 * which Mastra itself fills in whenever observability is on (undefined without): the one visible difference.
 */
const VOLATILE = /(^|[a-z])(id|Id|ID)$|^(traceId|spanId|runId|messageId|timestamp|created|createdAt|date|startedAt|endedAt)$/;

/** A result as plain data without run-specific values, to compare two runs. */
function comparable(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value ?? null), (key, v) => (VOLATILE.test(key) ? undefined : v));
}

async function generateOnce(fake: Awaited<ReturnType<typeof startFakeOpenAI>>) {
  fake.reset();
  scriptTwoToolLoop(fake);
  const result = await makeApp(fake).agent.generate("What is (2 + 3) * 4?", { maxSteps: 5 });
  return comparable(result);
}

async function streamOnce(fake: Awaited<ReturnType<typeof startFakeOpenAI>>) {
  fake.reset();
  scriptTwoToolLoop(fake);
  const stream = await makeApp(fake).agent.stream("What is (2 + 3) * 4?", { maxSteps: 5 });
  const chunks: unknown[] = [];
  for await (const chunk of stream.fullStream) chunks.push(comparable(chunk));
  return { chunks, text: await stream.text, usage: comparable(await stream.usage), steps: comparable(await stream.steps) };
}

async function workflowOnce(fake: Awaited<ReturnType<typeof startFakeOpenAI>>) {
  const run = await makeApp(fake).mastra.getWorkflow("arith").createRun();
  return comparable(await run.start({ inputData: { x: 3 } }));
}

describe("transparency", () => {
  let fake: Awaited<ReturnType<typeof startFakeOpenAI>>;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
  });
  afterAll(async () => {
    autolog({ disable: true });
    await fake.close();
  });
  beforeEach(() => fake.reset());

  it("gives the same results, streams and workflow outputs with and without autolog", async () => {
    const client = await useMemoryStore();
    const plain = { generate: await generateOnce(fake), stream: await streamOnce(fake), workflow: await workflowOnce(fake) };
    autolog();
    const traced = { generate: await generateOnce(fake), stream: await streamOnce(fake), workflow: await workflowOnce(fake) };
    autolog({ disable: true });
    expect(traced).toEqual(plain);
    expect((plain.generate as { text: string }).text).toBe("The answer is 20");
    expect((await allTraces(client)).map((t) => t.info.tags["mlflow.traceName"])).toEqual(["calc", "calc", "arith"]);
  });

  it("keeps 20 concurrent runs apart: each trace holds only its own run", async () => {
    const client = await useMemoryStore();
    autolog();
    fake.setHandler((_body, ctx) => {
      const n = /#(\d+)/.exec(ctx.lastUserText ?? "")?.[1] ?? "?";
      if (!ctx.hasToolResult) return { toolCalls: [{ name: "add", arguments: { a: Number(n), b: 1 } }], delayMs: (Number(n) * 7) % 40 };
      return { text: `done #${n}`, delayMs: (Number(n) * 13) % 40 };
    });
    const { agent } = makeApp(fake);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => agent.generate(`run #${i}`, { maxSteps: 5 })));
    autolog({ disable: true });
    expect(results.map((r) => r.text)).toEqual(Array.from({ length: 20 }, (_, i) => `done #${i}`));
    const traces = await allTraces(client);
    expect(traces).toHaveLength(20);
    const seen = new Set<string>();
    for (const trace of traces) {
      expect(treeOf(trace)).toBe(["calc [AGENT]", "  gpt-4o-mini [CHAT_MODEL]", "    add [TOOL]", "  gpt-4o-mini [CHAT_MODEL]"].join("\n"));
      const n = /#(\d+)/.exec(trace.info.requestPreview ?? "")![1];
      seen.add(n);
      const tool = trace.spans.find((s) => s.spanType === "TOOL")!;
      expect(tool.inputs).toEqual({ a: Number(n), b: 1 });
      const last = trace.spans.filter((s) => s.spanType === "CHAT_MODEL").sort((a, b) => a.startTimeNs - b.startTimeNs)[1];
      expect(last.outputs).toEqual({ role: "assistant", content: `done #${n}` });
      expect(JSON.stringify(trace.spans.map((s) => [s.inputs, s.outputs]))).not.toMatch(new RegExp(`#(?!${n}\\b)\\d+`));
    }
    expect(seen.size).toBe(20);
  });
});
