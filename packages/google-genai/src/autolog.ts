import { callerFileOf, isEsModuleProgram, logOnce, resolveAutologOptions, warnIfNothingPatched, watchEsModuleLoads, type AutologOptions } from "@traceloom/core";
import { esmCopies, GENAI_ESM_URL, loadedCommonJsCopies, looksLikeGenAIModule } from "./find-copies.js";
import { warnOnce } from "./log.js";
import { patchGenAIModule } from "./patch-module.js";
import { hookRequire } from "./require-hook.js";
import { getAutologState, type GenAIAutologState } from "./state.js";

/** Options of {@link autolog}. */
export interface GoogleGenAIAutologOptions extends AutologOptions {
  /**
   * Further `@google/genai` module(s) to patch — a module namespace (`import * as genai from "@google/genai"`),
   * CommonJS exports or the `GoogleGenAI` class — for a copy loaded from somewhere autolog does not look.
   */
  genai?: unknown;
}

function uninstall(state: GenAIAutologState): void {
  for (const restore of state.restorers.splice(0).reverse()) restore();
  state.unhookRequire?.();
  state.unhookRequire = undefined;
  state.unwatchEsm?.();
  state.unwatchEsm = undefined;
  state.installed = false;
  state.copies = new WeakSet();
  state.copyCount = 0;
}

/** ES module copies loaded later (LlamaIndex's `import("@google/genai")`, a lazy import) are patched as they load. */
function watchLaterEsmCopies(state: GenAIAutologState): void {
  if (state.unwatchEsm) return;
  state.unwatchEsm = watchEsModuleLoads(GENAI_ESM_URL, (_url, namespace) => {
    if (state.installed && looksLikeGenAIModule(namespace)) patchGenAIModule(namespace);
  });
}

/**
 * Traces every Gemini call the program makes through `@google/genai` (1 to 3): `models.generateContent`,
 * `models.generateContentStream`, `models.embedContent` and chat sessions (`chats.create().sendMessage`,
 * `sendMessageStream`) — one span per request (CHAT_MODEL or EMBEDDING), with the request as sent, the response
 * (streams assembled), token usage, finish reason, time to first token and errors. Nothing changes for the
 * caller: same responses, same async generators, same errors. Idempotent; call again to change options.
 *
 * Patched: every copy of `@google/genai` the application's dependency graph loads — ES module and CommonJS, loaded
 * before `autolog()` or after — and never one it does not load. When no copy is patched, one warning says where
 * it looked.
 *
 * @example
 * ```ts
 * import { autolog } from "@traceloom/google-genai";
 * autolog();                       // trace every call
 * autolog({ logTraces: false });   // keep the patches, record nothing
 * autolog({ disable: true });      // restore the SDK's own methods
 * ```
 */
export function autolog(options: GoogleGenAIAutologOptions = {}): void {
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
    const explicit = options.genai === undefined ? [] : Array.isArray(options.genai) ? options.genai : [options.genai];
    for (const genai of explicit) patchGenAIModule(genai);
    for (const genai of loadedCommonJsCopies()) patchGenAIModule(genai);
    state.unhookRequire ??= hookRequire((genai) => patchGenAIModule(genai));
    const esm = esmCopies(callerFileOf(autolog), isEsModuleProgram());
    for (const genai of esm.loaded) patchGenAIModule(genai);
    if (esm.awaited.length > 0) watchLaterEsmCopies(state);
    if (firstInstall) {
      warnIfNothingPatched({
        packageName: "@google/genai",
        searched: esm.searched,
        later: state.unwatchEsm !== undefined,
        nothingPatched: () => state.installed && state.copyCount === 0,
        warn: (message) => warnOnce("google-genai.nothing-patched", message),
      });
    }
  } catch (err) {
    if (!state.silent) logOnce("google-genai.autolog", "autolog() for @google/genai failed; Gemini calls are not traced", err);
  }
}
