import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { resolvePackageRoot } from "@traceloom/core";
import { build } from "tsup";
import type { SpanRecord } from "./tree.js";

const run = promisify(execFile);
const pkgDir = path.resolve(import.meta.dirname, "..", "..");
const fixtures = path.resolve(import.meta.dirname, "..", "fixtures");
const made: string[] = [];

/** What the fixture applications print. */
export interface AppReport {
  answer: string;
  traces: SpanRecord[][];
  commonJsLlamaIndex: string[];
  warnings: string[];
}

/** The trees of the fixtures' index build and query, as this package's own tests record them. */
export const APP_TREES = [
  ["CHAIN VectorStoreIndex.fromDocuments", "  PARSER SentenceSplitter.getNodesFromDocuments", "  EMBEDDING OpenAIEmbedding.getTextEmbeddingsBatch"].join("\n"),
  [
    "CHAIN RetrieverQueryEngine.query",
    "  RETRIEVER VectorIndexRetriever.retrieve",
    "    EMBEDDING OpenAIEmbedding.getQueryEmbedding",
    "  CHAIN CompactAndRefine.synthesize",
    "    LLM OpenAI.complete",
  ].join("\n"),
];

/** The tsx command line (this package's pinned devDependency). */
export const TSX_CLI = realpathSync(path.join(pkgDir, "node_modules", "tsx", "dist", "cli.mjs"));

/** The LlamaIndex packages that hold or share `@llamaindex/core`: copied together, they are a second install of it. */
const COPIED = new Set(["llamaindex", "@llamaindex/core", "@llamaindex/workflow", "@llamaindex/openai", "@llamaindex/node-parser"]);

/** What the application declares, LlamaIndex's packages first. */
const APP_LLAMAINDEX = ["llamaindex", "@llamaindex/openai"];
const APP_TRACELOOM = ["@traceloom/core", "@traceloom/testkit"];

function declaredDependencies(root: string): string[] {
  const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as Record<string, Record<string, string> | undefined>;
  return [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})];
}

function link(target: string, nodeModules: string, name: string): void {
  const at = path.join(nodeModules, name);
  mkdirSync(path.dirname(at), { recursive: true });
  if (!existsSync(at)) symlinkSync(target, at, "dir");
}

/**
 * Copies the LlamaIndex package at real path `root` into `store`, laid out like a package manager's store: the copy
 * sits in `<store>/<name>/node_modules/<name>`, next to links to what it depends on — the copies of the other
 * LlamaIndex packages, or the original folders of everything else. Returns the copy's folder; each package is copied once.
 */
function copyPackage(name: string, root: string, store: string, copies: Map<string, string>): string {
  const known = copies.get(name);
  if (known) return known;
  const siblings = path.join(store, name.replace("/", "+"), "node_modules");
  const copy = path.join(siblings, name);
  copies.set(name, copy);
  cpSync(root, copy, { recursive: true });
  for (const dependency of declaredDependencies(root)) {
    const theirs = resolvePackageRoot(dependency, path.join(root, "package.json"));
    if (!theirs) continue;
    link(COPIED.has(dependency) ? copyPackage(dependency, theirs, store, copies) : theirs, siblings, dependency);
  }
  return copy;
}

let compiled: Promise<string> | undefined;

/** fixtures/query-app.ts compiled to JavaScript once (into a temporary folder), for plain `node`. */
function compiledQueryApp(): Promise<string> {
  compiled ??= (async () => {
    const outDir = mkdtempSync(path.join(tmpdir(), "traceloom-llamaindex-fixture-"));
    made.push(outDir);
    await build({ entry: [path.join(fixtures, "query-app.ts")], format: ["esm"], bundle: false, outDir, silent: true, target: "node20", config: false, dts: false });
    return path.join(outDir, "query-app.js");
  })();
  return compiled;
}

/**
 * A throwaway ES module application installed apart from this package: its llamaindex, @llamaindex/openai and
 * their @llamaindex/core, @llamaindex/workflow and @llamaindex/node-parser are real copies of the files (so their
 * classes and `Settings` are not the ones this package's own `import "llamaindex"` finds), and
 * `@traceloom/llamaindex` is a link to this package — as with `npm link`, or a pnpm workspace member whose
 * LlamaIndex differs from the plugin's. It holds fixtures/query-app.ts, that file compiled to query-app.js, and
 * fixtures/query-app.cjs.
 */
export async function makeSeparateInstall(): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), "traceloom-llamaindex-app-"));
  made.push(dir);
  const nodeModules = path.join(dir, "node_modules");
  const copies = new Map<string, string>();
  for (const name of APP_LLAMAINDEX) {
    const original = resolvePackageRoot(name, path.join(pkgDir, "package.json"))!;
    link(copyPackage(name, original, path.join(dir, ".store"), copies), nodeModules, name);
  }
  for (const name of [...APP_TRACELOOM, "tsx"]) link(realpathSync(path.join(pkgDir, "node_modules", name)), nodeModules, name);
  link(pkgDir, nodeModules, "@traceloom/llamaindex");
  const dependencies = Object.fromEntries([...APP_LLAMAINDEX, ...APP_TRACELOOM, "@traceloom/llamaindex"].map((n) => [n, "*"]));
  writeFileSync(path.join(dir, "package.json"), `${JSON.stringify({ name: "app", private: true, type: "module", dependencies })}\n`);
  for (const file of ["query-app.ts", "query-app.cjs"]) cpSync(path.join(fixtures, file), path.join(dir, file));
  cpSync(await compiledQueryApp(), path.join(dir, "query-app.js"));
  return dir;
}

/** An empty directory: a working directory from which no LlamaIndex package resolves. */
export function makeEmptyDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "traceloom-llamaindex-elsewhere-"));
  made.push(dir);
  return dir;
}

/** Runs `node ...args` in `cwd` with `env` added, and returns the JSON report the application prints last. */
export async function runApp<T>(cwd: string, args: string[], env: Record<string, string> = {}): Promise<T> {
  const { stdout } = await run(process.execPath, args, { cwd, timeout: 60_000, env: { ...process.env, ...env } });
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as T;
}

/** Removes every folder made by {@link makeSeparateInstall} and {@link makeEmptyDir}. */
export function removeSeparateInstalls(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  compiled = undefined;
}
