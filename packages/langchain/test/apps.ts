import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const pkgDir = path.resolve(here, "..");
const apps: string[] = [];

/** The tsx command line (this package's pinned devDependency). */
export const TSX_CLI = realpathSync(path.join(pkgDir, "node_modules", "tsx", "dist", "cli.mjs"));

/** Where an application's LangChain packages come from: this package's (core 1.x) or compat-0.3's (core 0.3). */
export type LangChainLine = "1.x" | "0.3";

/**
 * A throwaway ES module application laid out like a pnpm workspace member: its node_modules are symlinks to the
 * real folders of @langchain/core, @langchain/openai (of `line`), tsx and the traceloom packages, so every package
 * resolves from its real path, as pnpm lays it out. It holds fixtures/chain-app.ts and declares its dependencies.
 */
export function makeApp(line: LangChainLine): string {
  const dir = mkdtempSync(path.join(tmpdir(), `traceloom-langchain-${line}-`));
  apps.push(dir);
  const from = line === "1.x" ? pkgDir : path.join(pkgDir, "compat-0.3");
  mkdirSync(path.join(dir, "node_modules", "@langchain"), { recursive: true });
  mkdirSync(path.join(dir, "node_modules", "@traceloom"), { recursive: true });
  const link = (source: string, name: string) => symlinkSync(realpathSync(path.join(source, "node_modules", name)), path.join(dir, "node_modules", name), "dir");
  for (const name of ["@langchain/core", "@langchain/openai"]) link(from, name);
  for (const name of ["tsx", "@traceloom/core", "@traceloom/testkit"]) link(pkgDir, name);
  symlinkSync(pkgDir, path.join(dir, "node_modules", "@traceloom", "langchain"), "dir");
  const dependencies = Object.fromEntries(["@langchain/core", "@langchain/openai", "@traceloom/core", "@traceloom/langchain", "@traceloom/testkit"].map((n) => [n, "*"]));
  writeFileSync(path.join(dir, "package.json"), `${JSON.stringify({ name: "app", private: true, type: "module", dependencies })}\n`);
  cpSync(path.join(here, "fixtures", "chain-app.ts"), path.join(dir, "chain-app.ts"));
  return dir;
}

/** An empty directory: a working directory from which no LangChain package resolves. */
export function makeEmptyDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "traceloom-langchain-elsewhere-"));
  apps.push(dir);
  return dir;
}

/** Runs `node ...args` in `cwd` and returns the JSON report the fixture prints last. */
export async function runApp<T>(cwd: string, args: string[]): Promise<T> {
  const { stdout } = await run(process.execPath, args, { cwd, timeout: 60_000 });
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as T;
}

/** Removes every directory made by {@link makeApp} and {@link makeEmptyDir}. */
export function removeApps(): void {
  for (const dir of apps.splice(0)) rmSync(dir, { recursive: true, force: true });
}
