import { callerFileOf, logOnce, resolveAutologOptions, type AutologOptions } from "@traceloom/core";
import { applicationEsmCopy, loadedCommonJsCopies } from "./find-copies.js";
import { patchOpenAIModule } from "./patch-module.js";
import { hookRequire } from "./require-hook.js";
import { getAutologState, type OpenAIAutologState } from "./state.js";

/** Options of {@link autolog}. */
export interface OpenAIAutologOptions extends AutologOptions {
  /**
   * The `openai` module(s) to patch — a module namespace (`import * as openai from "openai"`), CommonJS exports
   * or the `OpenAI` class. When given, only these and the CommonJS copies are patched, and the application's
   * ES module copy is not looked up.
   */
  openai?: unknown;
}

function uninstall(state: OpenAIAutologState): void {
  for (const restore of state.restorers.splice(0).reverse()) restore();
  state.unhookRequire?.();
  state.unhookRequire = undefined;
  state.installed = false;
}

/**
 * Traces every OpenAI call the program makes: `chat.completions.create` (and `parse`, `stream`, `runTools`),
 * `responses.create` (and `beta.responses`), `completions.create`, `embeddings.create`. Nothing changes for the
 * caller: same `APIPromise`, same `Stream`, same errors. Idempotent; call again to change options.
 *
 * Patched copies of `openai`: those passed as `openai`; every CommonJS copy already loaded, and any required
 * later; and, in an ES module program, the ES module copy `import "openai"` resolves to from the module that
 * calls `autolog()` (else from the entry script, else from the working directory), under plain `node` and tsx.
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
  const state = getAutologState();
  try {
    const { logTraces, disable, silent } = resolveAutologOptions(options);
    if (disable) {
      uninstall(state);
      return;
    }
    state.installed = true;
    state.logTraces = logTraces;
    state.silent = silent;
    const explicit = options.openai === undefined ? [] : Array.isArray(options.openai) ? options.openai : [options.openai];
    for (const openai of explicit) patchOpenAIModule(openai);
    for (const openai of loadedCommonJsCopies()) patchOpenAIModule(openai);
    state.unhookRequire ??= hookRequire((openai) => patchOpenAIModule(openai));
    if (explicit.length === 0) {
      const esm = applicationEsmCopy(callerFileOf(autolog));
      if (esm !== undefined) patchOpenAIModule(esm);
    }
  } catch (err) {
    if (!state.silent) logOnce("openai.autolog", "autolog() for openai failed; OpenAI calls are not traced", err);
  }
}
