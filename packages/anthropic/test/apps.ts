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
 * A throwaway ES module application laid out like a pnpm workspace member: `@anthropic-ai/sdk` is a symlink to
 * the real files of one major version, and our packages link to their folders. Holds the fixtures.
 */
export function makeApp(major: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), `traceloom-anthropic-v${major}-`));
  apps.push(dir);
  mkdirSync(path.join(dir, "node_modules", "@traceloom"), { recursive: true });
  mkdirSync(path.join(dir, "node_modules", "@anthropic-ai"));
  const link = (target: string, name: string) => symlinkSync(target, path.join(dir, "node_modules", name), "dir");
  link(realpathSync(path.join(pkgDir, "node_modules", `anthropic-v${major}`)), "@anthropic-ai/sdk");
  link(pkgDir, "@traceloom/anthropic");
  link(realpathSync(path.join(pkgDir, "node_modules", "@traceloom", "core")), "@traceloom/core");
  link(realpathSync(path.join(pkgDir, "node_modules", "@traceloom", "testkit")), "@traceloom/testkit");
  writeFileSync(path.join(dir, "package.json"), `${JSON.stringify({ name: "app", private: true, type: "module" })}\n`);
  for (const file of ["app.mjs", "app.cjs", "late.cjs"]) cpSync(path.join(here, "fixtures", file), path.join(dir, file));
  return dir;
}

/** Runs `node ...args` in `cwd` and returns the JSON report the fixture prints last. */
export async function runApp<T = Record<string, unknown>>(cwd: string, args: string[]): Promise<T> {
  const { stdout } = await run(process.execPath, args, { cwd, timeout: 60_000 });
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as T;
}

/** Removes every directory made by {@link makeApp}. */
export function removeApps(): void {
  for (const dir of apps.splice(0)) rmSync(dir, { recursive: true, force: true });
}
