import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { startFakeOpenAI, type FakeOpenAI } from "@traceloom/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");
const exec = promisify(execFile);

/** Runs a fixture program with plain node (this package from its dist, by name) and returns its stdout and stderr. */
async function runFixture(file: string, fake: FakeOpenAI | undefined, args: string[] = []) {
  const env = { ...process.env, FAKE_OPENAI_URL: fake?.url ?? "", OPENAI_API_KEY: "", NODE_ENV: "production" };
  return exec(process.execPath, [path.join(fixtures, file), ...args], { env, cwd: fixtures, timeout: 60_000 });
}

const EXPECTED_SPANS = ["Agent workflow [CHAIN]", "Calculator [AGENT]", "turn 1 [CHAIN]", "response [CHAT_MODEL]", "add [TOOL]", "turn 2 [CHAIN]", "response [CHAT_MODEL]"];

describe("ES module and CommonJS applications", () => {
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
  });
  afterAll(() => fake.close());

  it("an ES module app that calls autolog() after importing the SDK records the run", async () => {
    fake.script({ toolCalls: [{ name: "add", arguments: { a: 2, b: 3 } }] }, "5");
    const { stdout } = await runFixture("app.mjs", fake);
    const out = JSON.parse(stdout) as { answer: string; spans: string[] };
    expect(out.answer).toBe("5");
    expect([...out.spans].sort()).toEqual([...EXPECTED_SPANS].sort());
  });

  it("a CommonJS app that calls autolog() before requiring the SDK records the run (the SDK's own exporter setup keeps ours)", async () => {
    fake.script({ toolCalls: [{ name: "add", arguments: { a: 2, b: 3 } }] }, "5");
    const { stdout } = await runFixture("app.cjs", fake);
    const out = JSON.parse(stdout) as { answer: string; spans: string[] };
    expect(out.answer).toBe("5");
    expect([...out.spans].sort()).toEqual([...EXPECTED_SPANS].sort());
  });

  it("says once, at exit, when the program never used the SDK — unless silent", async () => {
    const loud = await runFixture("no-sdk.mjs", undefined);
    expect(loud.stderr).toContain("autolog() saw no Agents SDK trace provider");
    const quiet = await runFixture("no-sdk.mjs", undefined, ["--silent"]);
    expect(quiet.stderr).toBe("");
  });
});
