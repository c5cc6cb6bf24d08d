import type { SdkModuleSpec } from "@traceloom/core";

/** True for the exports of an `openai` entry module (CommonJS exports or ES module namespace). */
export function looksLikeOpenAIModule(exports: unknown): boolean {
  if (exports === null || (typeof exports !== "object" && typeof exports !== "function")) return false;
  const e = exports as Record<string, unknown>;
  return typeof e.OpenAI === "function" && typeof e.OpenAIError === "function";
}

/** How `autolog()` finds every copy of `openai` the application loads. */
export const OPENAI_MODULE: SdkModuleSpec = {
  packageName: "openai",
  logKey: "openai",
  entryFile: /[\\/]node_modules[\\/]openai[^\\/]*[\\/]index\.(?:js|mjs)$/,
  esmEntryUrl: /\/node_modules\/openai[^/]*\/index\.mjs$/,
  requireIdHint: "openai",
  // LangChain, LlamaIndex and OpenAI's own packages (the Agents SDK) may resolve a copy of their own
  frameworks: /^(?:langchain|llamaindex|@langchain\/|@llamaindex\/|@openai\/)/,
  looksLikeModule: looksLikeOpenAIModule,
  explicitOptionHint: "autolog({ openai: OpenAI })",
};
