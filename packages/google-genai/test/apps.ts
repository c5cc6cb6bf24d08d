import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const here = path.dirname(new URL(import.meta.url).pathname);
const pkgDir = path.resolve(here, "..");
const apps: string[] = [];

/**
 * A throwaway application laid out like a pnpm workspace member: its node_modules are symlinks into the store
 * (`@google/genai` → the real files of one major version), so packages resolve from their real paths. It is an ES
 * module package holding the fixtures app.mjs, app.cjs, late.cjs and no-genai.mjs.
 */
export function makeApp(major: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), `traceloom-genai-v${major}-`));
  apps.push(dir);
  mkdirSync(path.join(dir, "node_modules", "@traceloom"), { recursive: true });
  mkdirSync(path.join(dir, "node_modules", "@google"), { recursive: true });
  const link = (target: string, name: string) => symlinkSync(target, path.join(dir, "node_modules", name), "dir");
  link(realpathSync(path.join(pkgDir, "node_modules", `google-genai-v${major}`)), "@google/genai");
  link(pkgDir, "@traceloom/google-genai");
  link(realpathSync(path.join(pkgDir, "node_modules", "@traceloom", "core")), "@traceloom/core");
  link(realpathSync(path.join(pkgDir, "node_modules", "@traceloom", "testkit")), "@traceloom/testkit");
  const dependencies = { "@google/genai": "*" };
  writeFileSync(path.join(dir, "package.json"), `${JSON.stringify({ name: "app", private: true, type: "module", dependencies })}\n`);
  for (const file of ["app.mjs", "app.cjs", "late.cjs", "no-genai.mjs"]) cpSync(path.join(here, "fixtures", file), path.join(dir, file));
  return dir;
}

/** Runs `node ...args` in `cwd` and returns the JSON report the fixture prints last. */
export async function runApp<T = Record<string, unknown>>(cwd: string, args: string[]): Promise<T> {
  return (await runAppWithStderr<T>(cwd, args)).report;
}

/** Like {@link runApp}, also returning what the program wrote to stderr (warnings). */
export async function runAppWithStderr<T = Record<string, unknown>>(cwd: string, args: string[]): Promise<{ report: T; stderr: string }> {
  const { stdout, stderr } = await run(process.execPath, args, { cwd, timeout: 60_000 });
  return { report: JSON.parse(stdout.trim().split("\n").at(-1)!) as T, stderr };
}

/** Removes every directory made by {@link makeApp}. */
export function removeApps(): void {
  for (const dir of apps.splice(0)) rmSync(dir, { recursive: true, force: true });
}
