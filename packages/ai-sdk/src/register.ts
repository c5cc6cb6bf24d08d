/**
 * `@traceloom/ai-sdk/register` — preload it to trace what `ai` 6 sends no telemetry event for:
 * `node --import @traceloom/ai-sdk/register app.mjs` or `node --require @traceloom/ai-sdk/register app.cjs`.
 * Either form serves ai 6's main module, to `import` and to `require` alike, with `generateObject`, `streamObject`,
 * `embed` and `embedMany` traced and with the failures of `generateText`, `streamText` and `ToolLoopAgent` recorded
 * with their exception. What is recorded follows `autolog()`: nothing until the application calls it, nothing with
 * `logTraces: false` or `disable: true`. `ai` 7 and other packages load untouched.
 * @packageDocumentation
 */
import { register } from "node:module";
import { installCjsHook } from "./cjs-hook.js";
import { warnOnce } from "./log.js";

const KEY = Symbol.for("traceloom.ai-sdk.esm-hooks.v1");

try {
  installCjsHook();
  // Once per process: `--import` and `--require` of this entry may both be given.
  const g = globalThis as unknown as Record<symbol, boolean | undefined>;
  if (!g[KEY]) {
    g[KEY] = true;
    register(new URL("./esm-hooks.js", import.meta.url));
  }
} catch (err) {
  warnOnce("ai-sdk.register", "could not install @traceloom/ai-sdk/register; ai 6's generateObject, streamObject, embed and embedMany are not traced", err);
}
