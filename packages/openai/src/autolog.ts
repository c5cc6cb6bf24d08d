import {
  callerFileOf,
  isEsModuleProgram,
  logOnce,
  resolveAutologOptions,
  warnIfNothingPatched,
  watchEsModuleLoads,
  type AutologOptions,
} from "@traceloom/core";
import { esmCopies, loadedCommonJsCopies, looksLikeOpenAIModule, OPENAI_ESM_URL } from "./find-copies.js";
import { warnOnce } from "./log.js";
import { patchOpenAIModule } from "./patch-module.js";
import { hookRequire } from "./require-hook.js";
import { getAutologState, type OpenAIAutologState } from "./state.js";

/** Options of {@link autolog}. */
export interface OpenAIAutologOptions extends AutologOptions {
  /**
   * Further `openai` module(s) to patch — a module namespace (`import * as openai from "openai"`), CommonJS
   * exports or the `OpenAI` class — for a copy loaded from somewhere autolog does not look (see {@link autolog}).
   */
  openai?: unknown;
}

function uninstall(state: OpenAIAutologState): void {
  for (const restore of state.restorers.splice(0).reverse()) restore();
  state.unhookRequire?.();
  state.unhookRequire = undefined;
  state.unwatchEsm?.();
  state.unwatchEsm = undefined;
  state.installed = false;
  state.copies = new WeakSet();
  state.copyCount = 0;
}

/** ES module copies loaded later (a framework's `import("openai")`, an application's lazy import) are patched as they load. */
function watchLaterEsmCopies(state: OpenAIAutologState): void {
  if (state.unwatchEsm) return;
  state.unwatchEsm = watchEsModuleLoads(OPENAI_ESM_URL, (_url, namespace) => {
    if (state.installed && looksLikeOpenAIModule(namespace)) patchOpenAIModule(namespace);
  });
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
  const state = getAutologState();
  try {
    const { logTraces, disable, silent } = resolveAutologOptions(options);
    state.silent = silent;
    if (disable) {
      uninstall(state);
      return;
    }
    const firstInstall = !state.installed;
    state.installed = true;
    state.logTraces = logTraces;
    const explicit = options.openai === undefined ? [] : Array.isArray(options.openai) ? options.openai : [options.openai];
    for (const openai of explicit) patchOpenAIModule(openai);
    for (const openai of loadedCommonJsCopies()) patchOpenAIModule(openai);
    state.unhookRequire ??= hookRequire((openai) => patchOpenAIModule(openai));
    const esm = esmCopies(callerFileOf(autolog), isEsModuleProgram());
    for (const openai of esm.loaded) patchOpenAIModule(openai);
    if (esm.awaited.length > 0) watchLaterEsmCopies(state);
    if (firstInstall) {
      warnIfNothingPatched({
        packageName: "openai",
        searched: esm.searched,
        later: state.unwatchEsm !== undefined,
        nothingPatched: () => state.installed && state.copyCount === 0,
        warn: (message) => warnOnce("openai.nothing-patched", message),
      });
    }
  } catch (err) {
    if (!state.silent) logOnce("openai.autolog", "autolog() for openai failed; OpenAI calls are not traced", err);
  }
}
