import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { MAJORS } from "./helpers.js";

const run = promisify(execFile);
const here = path.dirname(new URL(import.meta.url).pathname);
const pkgDir = path.resolve(here, "..");
const apps: string[] = [];

/**
 * A throwaway application laid out like a pnpm workspace member: its node_modules are symlinks into the store
 * (`openai` → the real files of one major version), so packages resolve from their real paths.
 */
function makeApp(major: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), `traceloom-openai-v${major}-`));
  apps.push(dir);
  mkdirSync(path.join(dir, "node_modules", "@traceloom"), { recursive: true });
  const link = (target: string, name: string) => symlinkSync(target, path.join(dir, "node_modules", name), "dir");
  link(realpathSync(path.join(pkgDir, "node_modules", `openai-v${major}`)), "openai");
  link(pkgDir, "@traceloom/openai");
  link(realpathSync(path.join(pkgDir, "node_modules", "@traceloom", "core")), "@traceloom/core");
  link(realpathSync(path.join(pkgDir, "node_modules", "@traceloom", "testkit")), "@traceloom/testkit");
  for (const file of ["app.mjs", "app.cjs", "late.cjs"]) cpSync(path.join(here, "fixtures", file), path.join(dir, file));
  return dir;
}

async function runApp(dir: string, file: string): Promise<{ answer: string; streamed?: string; spans: string[]; loaded: string[] }> {
  const { stdout } = await run(process.execPath, [file], { cwd: dir, timeout: 30_000 });
  return JSON.parse(stdout.trim().split("\n").at(-1)!);
}

afterAll(() => {
  for (const dir of apps) rmSync(dir, { recursive: true, force: true });
});

describe.each(MAJORS)("openai v%i as the application loads it (no arguments to autolog)", (major) => {
  const dir = makeApp(major);

  it("ESM program: patches the ES module copy, clients made before autolog included, loads no CommonJS copy", async () => {
    const out = await runApp(dir, "app.mjs");
    expect(out.answer).toBe("Echo: esm");
    expect(out.streamed).toBe("Echo: s");
    expect(out.spans).toEqual(["ChatCompletions", "ChatCompletions"]);
    expect(out.loaded.filter((f) => f.endsWith("index.js"))).toEqual([]);
  });

  it("CommonJS program: patches the copy already required and copies required later, loads no ES module copy", async () => {
    const out = await runApp(dir, "app.cjs");
    expect(out.answer).toBe("Echo: cjs");
    expect(out.spans).toEqual(["ChatCompletions", "Embeddings"]);
    expect(out.loaded.length).toBeGreaterThan(0);
    expect(out.loaded.filter((f) => f.endsWith(".mjs"))).toEqual([]);
  });

  it("CommonJS program calling autolog() before requiring openai", async () => {
    const out = await runApp(dir, "late.cjs");
    expect(out.answer).toBe("Echo: late");
    expect(out.spans).toEqual(["Responses"]);
  });
});
