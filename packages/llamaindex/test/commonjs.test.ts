import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { startFakeOpenAI, type FakeOpenAI } from "@traceloom/testkit";
import { build } from "tsup";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const outDir = join(import.meta.dirname, ".cjs-build");

/**
 * A CommonJS program: requires the CJS build of this package and the CJS copies of llamaindex (before autolog()),
 * calls a model directly — one no setting, engine or agent has shown to autolog() — then a chat engine.
 */
const consumer = `
const { configure, flush, TraceClient } = require("@traceloom/core");
const { autolog } = require("./index.cjs");
const { Settings } = require("llamaindex");
const { OpenAI } = require("@llamaindex/openai");
const { SimpleChatEngine } = require("@llamaindex/core/chat-engine");

async function main() {
  configure({ trackingUri: "memory:" });
  autolog();
  const model = () => new OpenAI({ model: "gpt-4o-mini", apiKey: "test", baseURL: process.env.FAKE_URL, maxRetries: 0 });
  await model().chat({ messages: [{ role: "user", content: "hello directly" }] });
  Settings.llm = model();
  const reply = await new SimpleChatEngine().chat({ message: "hello from require" });
  await flush();
  const { traces } = await new TraceClient().searchTraces({ orderBy: ["timestamp_ms ASC"] });
  const spans = traces.flatMap((t) => t.spans.map((s) => [s.spanType, s.name, s.parentId === null, s.attribute("model") ?? null]));
  process.stdout.write(JSON.stringify({ reply: reply.message.content, spans }));
}
main().catch((err) => { console.error(err); process.exit(1); });
`;

let fake: FakeOpenAI;

beforeAll(async () => {
  await build({
    entry: { index: join(import.meta.dirname, "../src/index.ts") },
    format: ["cjs"],
    outDir,
    dts: false,
    clean: true,
    silent: true,
    shims: true,
    target: "node20",
    config: false,
  });
  writeFileSync(join(outDir, "consumer.cjs"), consumer);
  fake = await startFakeOpenAI();
}, 60_000);

afterAll(() => fake.close());

describe("CommonJS consumers", () => {
  it("are traced through the CJS build, which patches the CJS copies of LlamaIndex and their model classes", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [join(outDir, "consumer.cjs")], {
      env: { ...process.env, FAKE_URL: fake.url },
    });
    const result = JSON.parse(stdout) as { reply: string; spans: Array<[string, string, boolean, string | null]> };
    expect(result.reply).toBe("Echo: hello from require");
    expect(result.spans).toEqual([
      ["CHAT_MODEL", "OpenAI.chat", true, "gpt-4o-mini"],
      ["CHAIN", "SimpleChatEngine.chat", true, null],
      ["CHAT_MODEL", "OpenAI.chat", false, "gpt-4o-mini"],
    ]);
  });
});
