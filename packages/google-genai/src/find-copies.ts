import Module from "node:module";
import { esModuleIfLoaded, esmEntriesInDependencyGraph, type GraphEntries } from "@traceloom/core";
import { warnOnce } from "./log.js";

/**
 * The Node entry modules of `@google/genai`, wherever a package manager put them (pnpm store, npm aliases such as
 * `google-genai-v2`): `dist/node/index.mjs` (ES module) and `dist/node/index.cjs` (CommonJS).
 */
const GENAI_ENTRY = /[\\/]node_modules[\\/](?:@google[\\/]genai|google-genai)[^\\/]*[\\/]dist[\\/](?:node[\\/])?index\.(?:cjs|mjs)$/;

/** The URL of an ES module entry of `@google/genai` (what a loader hook sees). */
export const GENAI_ESM_URL = /\/node_modules\/(?:@google\/genai|google-genai)[^/]*\/dist\/(?:node\/)?index\.mjs$/;

/** Packages whose own dependencies may hold another copy of `@google/genai`: the frameworks built on it. */
const FRAMEWORK = /^(?:langchain|llamaindex|@langchain\/|@llamaindex\/)/;

/** True for the exports of a `@google/genai` entry module (CommonJS exports or ES module namespace). */
export function looksLikeGenAIModule(exports: unknown): boolean {
  if (exports === null || (typeof exports !== "object" && typeof exports !== "function")) return false;
  const e = exports as Record<string, unknown>;
  return typeof e.GoogleGenAI === "function" && typeof e.ApiError === "function" && typeof e.Models === "function";
}

/** Every copy of `@google/genai` already in `require.cache`, loading nothing. */
export function loadedCommonJsCopies(): unknown[] {
  const cache = (Module as unknown as { _cache?: Record<string, { exports?: unknown } | undefined> })._cache ?? {};
  const found: unknown[] = [];
  for (const [file, mod] of Object.entries(cache)) {
    if (!GENAI_ENTRY.test(file)) continue;
    try {
      if (looksLikeGenAIModule(mod?.exports)) found.push(mod!.exports);
    } catch {
      // a module whose exports throw on access is not the SDK
    }
  }
  return found;
}

/** The ES module copies of `@google/genai` the application's dependency graph can import, split by whether they are loaded. */
export interface EsmCopies {
  /** Namespaces of the copies the program has loaded. */
  loaded: unknown[];
  /** Entry files of copies not loaded (yet) that a framework, or an ES module program, may import later. */
  awaited: string[];
  /** Where `@google/genai` was looked up from. */
  searched: string[];
}

/**
 * The ES module copies of `@google/genai` in the application's dependency graph — its own, and those its
 * frameworks (LlamaIndex's Gemini LLM, LangChain packages) resolve from their own folders — found by resolution,
 * which reads only package.json files. Of those, only the copies the program has loaded are taken; none is loaded here.
 *
 * @param caller - The file that called `autolog()`, where resolution starts (else the entry script, the working directory).
 * @param esProgram - Whether the program is an ES module one, which may import the application's own copy later.
 */
export function esmCopies(caller: string | undefined, esProgram: boolean): EsmCopies {
  const copies: EsmCopies = { loaded: [], awaited: [], searched: [] };
  let graph: GraphEntries;
  try {
    graph = esmEntriesInDependencyGraph("@google/genai", caller, (name) => FRAMEWORK.test(name));
  } catch (err) {
    warnOnce("google-genai.esm", "could not look up the ES module copies of @google/genai; pass one: autolog({ genai })", err);
    return copies;
  }
  copies.searched = graph.searched;
  for (const file of graph.entries) {
    try {
      const namespace = esModuleIfLoaded(file);
      if (namespace !== undefined) copies.loaded.push(namespace);
      else if (esProgram || !graph.direct.includes(file)) copies.awaited.push(file);
    } catch (err) {
      warnOnce("google-genai.esm", `could not reach the loaded ES module copy of @google/genai at ${file}`, err);
    }
  }
  return copies;
}
