import Module from "node:module";
import { importApplicationModule } from "@traceloom/core";
import { warnOnce } from "./log.js";

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
 * The ES module copy of `openai` that the application imports, when the program's entry point is an ES module
 * (a CommonJS program's copies are in `require.cache` instead): resolved from `caller` (the file that called
 * `autolog()`), else the entry script, else the working directory, and taken from Node's own ES module loader —
 * the very instance `import "openai"` gets, under plain `node` and under loaders such as tsx alike.
 */
export function applicationEsmCopy(caller: string | undefined): unknown {
  try {
    return importApplicationModule("openai", caller);
  } catch (err) {
    warnOnce("openai.esm", "could not reach the application's ES module copy of openai; pass it: autolog({ openai: OpenAI })", err);
    return undefined;
  }
}
