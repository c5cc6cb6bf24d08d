import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");

const EXPECTED = {
  text: "The answer is 20",
  traces: 1,
  spans: ["calc [AGENT]", "gpt-4o-mini [CHAT_MODEL]", "add [TOOL]", "gpt-4o-mini [CHAT_MODEL]", "multiply [TOOL]", "gpt-4o-mini [CHAT_MODEL]"],
  tokens: JSON.stringify({ input_tokens: 51, output_tokens: 12, total_tokens: 63 }),
};

/** Runs a fixture program with node and parses the JSON line it prints. */
async function runProgram(file: string): Promise<unknown> {
  const { stdout, stderr } = await run(process.execPath, [path.join(fixtures, file)], { cwd: fixtures, timeout: 60_000 });
  expect(stderr).toBe("");
  return JSON.parse(stdout.trim().split("\n").at(-1)!);
}

describe("module formats: the application's own copy of @mastra/core is the one traced", () => {
  it("an ES module program (autolog() after its imports)", async () => {
    expect(await runProgram("app.mjs")).toEqual(EXPECTED);
  });

  it("a CommonJS program (autolog() before it requires Mastra)", async () => {
    expect(await runProgram("app.cjs")).toEqual(EXPECTED);
  });
});
