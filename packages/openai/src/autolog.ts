import { applySdkAutolog, callerFileOf, type AutologOptions } from "@traceloom/core";
import { warnOnce } from "./log.js";
import { patchOpenAIModule } from "./patch-module.js";
import { OPENAI_MODULE } from "./sdk-module.js";
import { getAutologState } from "./state.js";

/** Options of {@link autolog}. */
export interface OpenAIAutologOptions extends AutologOptions {
  /**
   * Further `openai` module(s) to patch — a module namespace (`import * as openai from "openai"`), CommonJS
   * exports or the `OpenAI` class — for a copy loaded from somewhere autolog does not look (see {@link autolog}).
   */
  openai?: unknown;
}

/**
 * Traces every OpenAI call the program makes: `chat.completions.create` (and `parse`, `stream`, `runTools`),
 * `responses.create` (and `beta.responses`), `completions.create`, `embeddings.create`. Nothing changes for the
 * caller: same `APIPromise`, same `Stream`, same errors. Idempotent; call again to change options.
 *
 * Patched: every copy of `openai` the application's dependency graph loads — its own, and those its frameworks
 * (LangChain, LlamaIndex) resolve from their own folders under pnpm's strict layout, npm's hoisting or nested
 * majors — ES module and CommonJS alike, loaded before `autolog()` or after (a CommonJS `require`, or an
 * `import("openai")` such as `@llamaindex/openai` runs). A copy the program has not loaded is never loaded by this
 * function. Resolution starts from the module that calls `autolog()`, else the entry script, else the working
 * directory. When no copy is patched, one warning says where it looked (at exit when a copy could still have loaded).
 *
 * @example
 * ```ts
 * import { autolog } from "@traceloom/openai";
 * autolog();                       // trace every call
 * autolog({ logTraces: false });   // keep the patches, record nothing
 * autolog({ disable: true });      // restore the SDK's own methods
 * ```
 */
export function autolog(options: OpenAIAutologOptions = {}): void {
  applySdkAutolog({
    spec: OPENAI_MODULE,
    state: getAutologState(),
    options,
    explicit: options.openai,
    caller: callerFileOf(autolog),
    patchModule: patchOpenAIModule,
    warn: warnOnce,
  });
}
