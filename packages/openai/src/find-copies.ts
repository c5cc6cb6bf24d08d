import Module, { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import path from "node:path";
import { logOnce } from "@traceloom/core";
import { requireEsmNatively } from "./require-esm.js";

/** The `openai` package's entry modules, wherever a package manager put them (pnpm store, npm aliases). */
const OPENAI_ENTRY = /[\\/]node_modules[\\/]openai[^\\/]*[\\/]index\.(?:js|mjs)$/;

/** True for the exports of an `openai` entry module (CommonJS exports or ES module namespace). */
export function looksLikeOpenAIModule(exports: unknown): boolean {
  if (exports === null || (typeof exports !== "object" && typeof exports !== "function")) return false;
  const e = exports as Record<string, unknown>;
  return typeof e.OpenAI === "function" && typeof e.OpenAIError === "function";
}

/** Every copy of `openai` already in `require.cache`, loading nothing. */
export function loadedCommonJsCopies(): unknown[] {
  const cache = (Module as unknown as { _cache?: Record<string, { exports?: unknown } | undefined> })._cache ?? {};
  const found: unknown[] = [];
  for (const [file, mod] of Object.entries(cache)) {
    if (!OPENAI_ENTRY.test(file)) continue;
    try {
      if (looksLikeOpenAIModule(mod?.exports)) found.push(mod!.exports);
    } catch {
      // a module whose exports throw on access is not the SDK
    }
  }
  return found;
}

/**
 * Where the program's `import "openai"` is resolved from, most specific first: the module that called
 * `autolog()`, the entry script (`process.argv[1]`, also under tsx), and the working directory.
 */
function resolutionBases(caller: string | undefined): string[] {
  const bases = [caller, process.argv[1], path.join(process.cwd(), "package.json")];
  return bases.filter((b): b is string => typeof b === "string" && path.isAbsolute(b));
}

/** The ES module entry file of the `openai` package that `require` resolves, from its `exports` map. */
function esmEntryOf(req: NodeJS.Require): string | undefined {
  let main: string;
  try {
    main = req.resolve("openai");
  } catch {
    return undefined;
  }
  const dir = path.dirname(main);
  const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { exports?: Record<string, unknown> };
  const root = pkg.exports?.["."];
  const pick = (v: unknown): string | undefined =>
    typeof v === "string" ? v : v && typeof v === "object" ? (pick((v as Record<string, unknown>).import) ?? pick((v as Record<string, unknown>).default)) : undefined;
  const entry = pick(root);
  return entry && entry.endsWith(".mjs") ? path.join(dir, entry) : undefined;
}

/**
 * The ES module copy of `openai` that the application imports, when the program's entry point is an ES module
 * (a CommonJS program has `require.main`, and its copies are in `require.cache` instead). An ES module
 * namespace cannot be enumerated from outside, so the copy is found by resolution — from `caller` (the file
 * that called `autolog()`), else the entry script, else the working directory; the first that resolves — and
 * taken from Node's ES module loader synchronously: the very instance `import "openai"` gets, under plain
 * `node` and under loaders such as tsx alike.
 */
export function applicationEsmCopy(caller: string | undefined): unknown {
  const bases = resolutionBases(caller);
  if (createRequire(bases[bases.length - 1]).main !== undefined) return undefined;
  try {
    for (const base of bases) {
      const entry = esmEntryOf(createRequire(base));
      if (entry) return requireEsmNatively(entry);
    }
    return undefined;
  } catch (err) {
    logOnce("openai.esm", "could not reach the application's ES module copy of openai; pass it: autolog({ openai: OpenAI })", err);
    return undefined;
  }
}
