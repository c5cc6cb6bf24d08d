import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const here = path.dirname(new URL(import.meta.url).pathname);
const pkgDir = path.resolve(here, "..");
const apps: string[] = [];

/** The tsx command line (the devDependency, pinned like the examples' tsx). */
export const TSX_CLI = realpathSync(path.join(pkgDir, "node_modules", "tsx", "dist", "cli.mjs"));

/**
 * A throwaway application laid out like a pnpm workspace member: its node_modules are symlinks into the store
 * (`openai` → the real files of one major version, and tsx), so packages resolve from their real paths. It is an
 * ES module package (`"type": "module"`) holding the fixtures app.mjs, app.cjs, late.cjs and agent.ts.
 */
export function makeApp(major: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), `traceloom-openai-v${major}-`));
  apps.push(dir);
  mkdirSync(path.join(dir, "node_modules", "@traceloom"), { recursive: true });
  const link = (target: string, name: string) => symlinkSync(target, path.join(dir, "node_modules", name), "dir");
  link(realpathSync(path.join(pkgDir, "node_modules", `openai-v${major}`)), "openai");
  link(realpathSync(path.join(pkgDir, "node_modules", "tsx")), "tsx");
  link(pkgDir, "@traceloom/openai");
  link(realpathSync(path.join(pkgDir, "node_modules", "@traceloom", "core")), "@traceloom/core");
  link(realpathSync(path.join(pkgDir, "node_modules", "@traceloom", "testkit")), "@traceloom/testkit");
  writeFileSync(path.join(dir, "package.json"), `${JSON.stringify({ name: "app", private: true, type: "module" })}\n`);
  for (const file of ["app.mjs", "app.cjs", "late.cjs", "agent.ts"]) cpSync(path.join(here, "fixtures", file), path.join(dir, file));
  return dir;
}

/** The real folder of a package installed for another workspace package (its own dependencies resolve from there). */
function installedFor(workspacePackage: string, name: string): string {
  return realpathSync(path.join(pkgDir, "..", workspacePackage, "node_modules", name));
}

/**
 * A throwaway application depending on `openai` (one major version) and on two frameworks, each linked to its real
 * folder in the store, where it resolves its own copy of `openai` (pnpm's strict layout): @langchain/openai
 * (openai 7) and @llamaindex/openai (openai 5). Holds the fixtures graph.mjs, graph.cjs and no-openai.mjs.
 */
export function makeFrameworkApp(major: number): string {
  const dir = makeApp(major);
  mkdirSync(path.join(dir, "node_modules", "@langchain"));
  mkdirSync(path.join(dir, "node_modules", "@llamaindex"));
  symlinkSync(installedFor("langchain", "@langchain/openai"), path.join(dir, "node_modules", "@langchain", "openai"), "dir");
  symlinkSync(installedFor("llamaindex", "@llamaindex/openai"), path.join(dir, "node_modules", "@llamaindex", "openai"), "dir");
  const dependencies = { openai: "*", "@langchain/openai": "*", "@llamaindex/openai": "*" };
  writeFileSync(path.join(dir, "package.json"), `${JSON.stringify({ name: "app", private: true, type: "module", dependencies })}\n`);
  for (const file of ["graph.mjs", "graph.cjs", "no-openai.mjs"]) cpSync(path.join(here, "fixtures", file), path.join(dir, file));
  return dir;
}

/** An empty directory with no node_modules: a working directory from which `openai` does not resolve. */
export function makeEmptyDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "traceloom-openai-elsewhere-"));
  apps.push(dir);
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

/** Removes every directory made by {@link makeApp} and {@link makeEmptyDir}. */
export function removeApps(): void {
  for (const dir of apps.splice(0)) rmSync(dir, { recursive: true, force: true });
}
