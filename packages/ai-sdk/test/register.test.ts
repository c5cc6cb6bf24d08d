import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { SqliteTraceStore, type Trace } from "@traceloom/core";
import { startFakeOpenAI, type FakeOpenAI } from "@traceloom/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shapeOf } from "./helpers.js";

const run = promisify(execFile);
const fixtures = join(__dirname, "fixtures");
const dist = join(__dirname, "..", "dist");
const dir = mkdtempSync(join(tmpdir(), "traceloom-ai6-register-"));
let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs a fixture program with `preload`, the stand-in scripted for its calls; its printed result and its traces. */
async function runProgram(preload: string[], program: string, mode = "traced"): Promise<{ printed: any; traces: Trace[] }> {
  fake.reset();
  fake.script(
    { text: JSON.stringify({ name: "Ada", age: 36 }), usage: { input: 5, output: 6 } },
    { text: JSON.stringify({ name: "Bo", age: 7 }), usage: { input: 4, output: 3 } },
    { error: { status: 400, message: "bad request here" } },
  );
  const db = join(dir, `${program}-${preload.join("")}-${mode}.db`.replace(/[^\w.-]/g, "_"));
  const { stdout } = await run(process.execPath, [...preload, join(fixtures, program), mode], {
    env: { ...process.env, OPENAI_BASE_URL: fake.url, TRACELOOM_TRACKING_URI: `sqlite:///${db}` },
    timeout: 60_000,
  });
  const store = new SqliteTraceStore(db);
  try {
    const traces = store.searchTraces({ orderBy: ["timestamp_ms ASC"] }).traces.map((t) => store.getTrace(t.info.traceId)!);
    return { printed: JSON.parse(stdout.trim().split("\n").pop()!), traces };
  } finally {
    store.close();
  }
}

const children = (trace: Trace) => trace.childrenOf(trace.rootSpan!.spanId).sort((a, b) => a.startTimeNs - b.startTimeNs);

describe.each([
  ["ES modules", "--import", "register.js", "register-v6.mjs"],
  ["CommonJS", "--require", "register.cjs", "register-v6.cjs"],
])("ai 6 with @traceloom/ai-sdk/register (%s)", (_kind, flag, entry, program) => {
  const preload = [flag, join(dist, entry)];

  it("traces generateObject, streamObject, embed and embedMany as ai 7 does, and records a failure's exception", async () => {
    const { printed, traces } = await runProgram(preload, program);
    expect(traces.map((t) => shapeOf(t))).toEqual([
      ["generateObject CHAIN", ["chat gpt-4o-mini CHAT_MODEL"]],
      ["streamObject CHAIN", ["chat gpt-4o-mini CHAT_MODEL"]],
      ["embed CHAIN", ["embeddings text-embedding-3-small EMBEDDING"]],
      ["embedMany CHAIN", ["embeddings text-embedding-3-small EMBEDDING"]],
      ["generateText CHAIN", ["chat gpt-4o-mini CHAT_MODEL"]],
    ]);
    const [generated, streamed, one, many, failed] = traces;

    expect(generated.rootSpan!.outputs).toEqual(printed.object);
    expect(generated.rootSpan!.inputs).toEqual({ messages: [{ role: "user", content: "who" }] });
    expect(children(generated)[0].outputs).toEqual({ role: "assistant", content: JSON.stringify(printed.object) });
    expect(generated.tokenUsage).toEqual({ input_tokens: 5, output_tokens: 6, total_tokens: 11 });
    expect(printed.usage).toMatchObject({ inputTokens: 5, outputTokens: 6 });

    expect(streamed.rootSpan!.outputs).toEqual(printed.streamed);
    expect(children(streamed)[0].outputs).toEqual({ role: "assistant", content: JSON.stringify(printed.streamed) });
    expect(streamed.tokenUsage).toEqual({ input_tokens: 4, output_tokens: 3, total_tokens: 7 });

    expect(one.rootSpan!.inputs).toEqual({ values: "hello world" });
    expect(one.rootSpan!.outputs).toEqual({ embedding: printed.embedding });
    expect(children(one)[0].tokenUsage).toEqual({ input_tokens: printed.embedUsage.tokens, output_tokens: 0, total_tokens: printed.embedUsage.tokens });
    expect(many.rootSpan!.inputs).toEqual({ values: ["a", "b c"] });
    expect(many.rootSpan!.outputs).toEqual({ embeddings: printed.embeddings });

    expect(printed.failure).toMatch(/bad request here/);
    expect(failed.info.state).toBe("ERROR");
    for (const span of failed.spans) {
      expect(span.status.code).toBe("STATUS_CODE_ERROR");
      const exception = span.events.find((e) => e.name === "exception")?.attributes;
      expect(exception?.["exception.message"]).toMatch(/bad request here/);
      expect(exception?.["exception.type"]).toBe("AI_APICallError");
      expect(String(exception?.["exception.stacktrace"])).toMatch(/APICallError/);
    }
  });

  it("changes nothing the program sees, and records nothing without autolog()", async () => {
    const traced = await runProgram(preload, program);
    const plain = await runProgram(preload, program, "plain");
    const unregistered = await runProgram([], program);
    if (program.endsWith(".mjs")) {
      // Only ai 6's main entry is served through the hooks; ai 7 resolves as it does without them.
      expect(traced.printed.served.ai6).toMatch(/\/ai\/dist\/index\.mjs\?traceloom-ai6-wrapper$/);
      expect(traced.printed.served.ai7).toBe(unregistered.printed.served.ai7);
      expect(unregistered.printed.served.ai6).toMatch(/\/ai\/dist\/index\.mjs$/);
      delete unregistered.printed.served;
    }
    expect(plain.traces).toEqual([]);
    expect(traced.printed).toEqual(plain.printed);
    expect(unregistered.printed).toEqual({ ...plain.printed, served: undefined });
    // Without the preload only generateText is traced, and its failure has no exception (ai 6 reports none).
    expect(unregistered.traces.map((t) => t.rootSpan!.name)).toEqual(["generateText"]);
    expect(unregistered.traces[0].rootSpan!.events.map((e) => e.name)).not.toContain("exception");
  });
});
