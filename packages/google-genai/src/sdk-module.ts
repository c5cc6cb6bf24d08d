import type { SdkModuleSpec } from "@traceloom/core";

/** True for the exports of a `@google/genai` entry module (CommonJS exports or ES module namespace). */
export function looksLikeGenAIModule(exports: unknown): boolean {
  if (exports === null || (typeof exports !== "object" && typeof exports !== "function")) return false;
  const e = exports as Record<string, unknown>;
  return typeof e.GoogleGenAI === "function" && typeof e.ApiError === "function" && typeof e.Models === "function";
}

/**
 * How `autolog()` finds every copy of `@google/genai` the application loads: its Node entry modules
 * `dist/node/index.mjs` (ES module) and `dist/node/index.cjs` (CommonJS), aliases such as `google-genai-v2` too.
 */
export const GENAI_MODULE: SdkModuleSpec = {
  packageName: "@google/genai",
  logKey: "google-genai",
  entryFile: /[\\/]node_modules[\\/](?:@google[\\/]genai|google-genai)[^\\/]*[\\/]dist[\\/](?:node[\\/])?index\.(?:cjs|mjs)$/,
  esmEntryUrl: /\/node_modules\/(?:@google\/genai|google-genai)[^/]*\/dist\/(?:node\/)?index\.mjs$/,
  requireIdHint: "genai",
  // LlamaIndex's Gemini LLM and LangChain packages may resolve a copy of their own
  frameworks: /^(?:langchain|llamaindex|@langchain\/|@llamaindex\/)/,
  looksLikeModule: looksLikeGenAIModule,
  explicitOptionHint: "autolog({ genai })",
};
