import { callerFileOf, isEsModuleProgram, logOnce, resolveAutologOptions, warnIfNothingPatched, watchEsModuleLoads, type AutologOptions } from "@traceloom/core";
import { esmCopies, loadedCommonJsCopies, looksLikeAnthropicModule, SDK_ESM_URL } from "./find-copies.js";
import { warnOnce } from "./log.js";
import { patchAnthropicModule } from "./patch-module.js";
import { hookRequire } from "./require-hook.js";
import { getAutologState, type AnthropicAutologState } from "./state.js";

/** Options of {@link autolog}. */
export interface AnthropicAutologOptions extends AutologOptions {
  /**
   * Further copies of `@anthropic-ai/sdk` to patch — a module namespace, CommonJS exports or the `Anthropic`
   * class — for a copy loaded from somewhere autolog does not look.
   */
  anthropic?: unknown;
}

function uninstall(state: AnthropicAutologState): void {
  for (const restore of state.restorers.splice(0).reverse()) restore();
  for (const unhook of state.unhook.splice(0)) unhook();
  state.installed = false;
  state.watchingEsm = false;
  state.copies = new WeakSet();
  state.copyCount = 0;
}

/**
 * Traces every Anthropic Messages call the program makes: `messages.create` (plain and `stream: true`), and so
 * `messages.stream()`, `messages.parse()` and the beta tool runner, which call it; `beta.messages.create`;
 * `messages.countTokens`. Message batches are not traced (see the README). Nothing changes for the caller: same
 * `APIPromise`, same `Stream` and `MessageStream`, same errors. Idempotent; call again to change options.
 *
 * Patched: every copy of `@anthropic-ai/sdk` the application's dependency graph loads — its own and those its
 * frameworks (LangChain, LlamaIndex) resolve — ES module and CommonJS alike, loaded before `autolog()` or after.
 * A copy the program has not loaded is never loaded by this function.
 *
 * @example
 * ```ts
 * import { autolog } from "@traceloom/anthropic";
 * autolog();                       // trace every call
 * autolog({ logTraces: false });   // keep the patches, record nothing
 * autolog({ disable: true });      // restore the SDK's own methods
 * ```
 */
export function autolog(options: AnthropicAutologOptions = {}): void {
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
    const explicit = options.anthropic === undefined ? [] : Array.isArray(options.anthropic) ? options.anthropic : [options.anthropic];
    for (const sdk of [...explicit, ...loadedCommonJsCopies()]) patchAnthropicModule(sdk);
    if (firstInstall) state.unhook.push(hookRequire(patchAnthropicModule));
    const esm = esmCopies(callerFileOf(autolog), isEsModuleProgram());
    for (const sdk of esm.loaded) patchAnthropicModule(sdk);
    const later = esm.awaited.length > 0;
    if (later && !state.watchingEsm) {
      state.watchingEsm = true;
      state.unhook.push(
        watchEsModuleLoads(SDK_ESM_URL, (_url, namespace) => {
          if (state.installed && looksLikeAnthropicModule(namespace)) patchAnthropicModule(namespace);
        }),
      );
    }
    if (firstInstall) {
      warnIfNothingPatched({
        packageName: "@anthropic-ai/sdk",
        searched: esm.searched,
        later,
        nothingPatched: () => state.installed && state.copyCount === 0,
        warn: (message) => warnOnce("anthropic.nothing-patched", message),
      });
    }
  } catch (err) {
    if (!state.silent) logOnce("anthropic.autolog", "autolog() for @anthropic-ai/sdk failed; Anthropic calls are not traced", err);
  }
}
