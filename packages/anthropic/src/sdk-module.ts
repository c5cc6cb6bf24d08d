import type { SdkModuleSpec } from "@traceloom/core";

/** True for the exports of an SDK entry module (CommonJS exports or ES module namespace). */
export function looksLikeAnthropicModule(exports: unknown): boolean {
  if (exports === null || (typeof exports !== "object" && typeof exports !== "function")) return false;
  const e = exports as Record<string, unknown>;
  return typeof e.Anthropic === "function" && typeof e.AnthropicError === "function";
}

/** How `autolog()` finds every copy of `@anthropic-ai/sdk` the application loads (aliases such as `anthropic-v0` too). */
export const ANTHROPIC_MODULE: SdkModuleSpec = {
  packageName: "@anthropic-ai/sdk",
  logKey: "anthropic",
  entryFile: /[\\/]node_modules[\\/](?:@anthropic-ai[\\/]sdk|anthropic[^\\/]*)[\\/]index\.(?:js|mjs)$/,
  esmEntryUrl: /\/node_modules\/(?:@anthropic-ai\/sdk|anthropic[^/]*)\/index\.mjs$/,
  requireIdHint: "anthropic",
  frameworks: /^(?:langchain|llamaindex|@langchain\/|@llamaindex\/)/,
  looksLikeModule: looksLikeAnthropicModule,
  explicitOptionHint: "autolog({ anthropic: Anthropic })",
};
