import Module from "node:module";
import { esModuleIfLoaded, esmEntriesInDependencyGraph } from "@traceloom/core";
import { warnOnce } from "./log.js";

/** The SDK's entry modules, wherever a package manager put them (pnpm store, npm aliases such as `anthropic-v0`). */
const SDK_ENTRY = /[\\/]node_modules[\\/](?:@anthropic-ai[\\/]sdk|anthropic[^\\/]*)[\\/]index\.(?:js|mjs)$/;

/** The URL of an ES module entry of the SDK (what a loader hook sees). */
export const SDK_ESM_URL = /\/node_modules\/(?:@anthropic-ai\/sdk|anthropic[^/]*)\/index\.mjs$/;

/** Packages whose own dependencies may hold another copy of the SDK: the frameworks built on it. */
const FRAMEWORK = /^(?:langchain|llamaindex|@langchain\/|@llamaindex\/)/;

/** True for the exports of an SDK entry module (CommonJS exports or ES module namespace). */
export function looksLikeAnthropicModule(exports: unknown): boolean {
  if (exports === null || (typeof exports !== "object" && typeof exports !== "function")) return false;
  const e = exports as Record<string, unknown>;
  return typeof e.Anthropic === "function" && typeof e.AnthropicError === "function";
}

/** Every copy of the SDK already in `require.cache`, loading nothing. */
export function loadedCommonJsCopies(): unknown[] {
  const cache = (Module as unknown as { _cache?: Record<string, { exports?: unknown } | undefined> })._cache ?? {};
  return Object.entries(cache)
    .filter(([file, mod]) => SDK_ENTRY.test(file) && looksLikeAnthropicModule(mod?.exports))
    .map(([, mod]) => mod!.exports);
}

/**
 * The ES module copies of the SDK in the application's dependency graph (its own, and those its frameworks resolve
 * from their own folders), split into those the program has loaded (their namespaces) and those it may import
 * later (entry files); none is loaded here. `searched` says where resolution started.
 */
export function esmCopies(caller: string | undefined, esProgram: boolean): { loaded: unknown[]; awaited: string[]; searched: string[] } {
  const copies = { loaded: [] as unknown[], awaited: [] as string[], searched: [] as string[] };
  try {
    const graph = esmEntriesInDependencyGraph("@anthropic-ai/sdk", caller, (name) => FRAMEWORK.test(name));
    copies.searched = graph.searched;
    for (const file of graph.entries) {
      const namespace = esModuleIfLoaded(file);
      if (namespace !== undefined) copies.loaded.push(namespace);
      else if (esProgram || !graph.direct.includes(file)) copies.awaited.push(file);
    }
  } catch (err) {
    warnOnce("anthropic.esm", "could not look up the ES module copies of @anthropic-ai/sdk; pass one: autolog({ anthropic: Anthropic })", err);
  }
  return copies;
}
