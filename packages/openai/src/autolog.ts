import { callerFileOf, isEsModuleProgram, logOnce, resolveAutologOptions, watchEsModuleLoads, type AutologOptions } from "@traceloom/core";
import { esmCopies, loadedCommonJsCopies, looksLikeOpenAIModule, OPENAI_ESM_URL, type EsmCopies } from "./find-copies.js";
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
 * Says once, naming where it looked, when no copy was patched: right after the program's own startup (a CommonJS app
 * may require openai just after `autolog()`), or — where a copy may still load later (an ES module copy some
 * framework imports on first use, as `@llamaindex/openai` does) — only if none did by the time the process exits.
 */
function warnIfNothingPatched(state: OpenAIAutologState, esm: EsmCopies): void {
  const check = () => {
    if (!state.installed || state.copyCount > 0) return;
    const where = esm.searched.length > 0 ? esm.searched.join(", ") : "nowhere (no application folder is known)";
    warnOnce(
      "openai.nothing-patched",
      `autolog() found no copy of openai to patch: none in require.cache, and no ES module copy loaded that resolves from ${where}.`,
    );
  };
  if (state.unwatchEsm) process.once("exit", check);
  else setImmediate(check).unref();
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
    if (firstInstall) warnIfNothingPatched(state, esm);
  } catch (err) {
    if (!state.silent) logOnce("openai.autolog", "autolog() for openai failed; OpenAI calls are not traced", err);
  }
}
