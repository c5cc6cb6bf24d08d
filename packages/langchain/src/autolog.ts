import { applicationResolutionBases, callerFileOf, resolveAutologOptions, type AutologOptions } from "@traceloom/core";
import { warnOnce } from "./log.js";
import { restorePatches } from "./patch/apply-patch.js";
import { instrumentCoreCopies, unwatchCjsLoads } from "./patch/core-copies.js";
import { pluginState } from "./state.js";

/** Once the program's startup went on (a CommonJS app may require LangChain right after `autolog()`), says so if no copy was found. */
function warnIfNothingPatched(caller: string | undefined): void {
  setImmediate(() => {
    const state = pluginState();
    if (!state.installed || (state.coreCopies ?? 0) > 0) return;
    const where = applicationResolutionBases(caller).join(", ") || "nowhere (no application folder is known)";
    warnOnce(
      "langchain.nothing-patched",
      `autolog() found no copy of @langchain/core to patch: none in require.cache, and none that resolves from ${where}. A copy required later is patched when it loads.`,
    );
  }).unref();
}

/**
 * Traces every LangChain.js / LangGraph run in this process — chains, chat models, LLMs, tools, retrievers, parsers,
 * graph nodes — as one nested tree per invocation, without passing `callbacks` anywhere. Root runs nest under your
 * active span. Idempotent: call it again to change options; `{ disable: true }` restores LangChain untouched,
 * `{ logTraces: false }` keeps it installed but records nothing.
 *
 * @example
 * ```ts
 * import { autolog } from "@traceloom/langchain";
 * autolog();
 * await chain.invoke({ topic: "bears" }); // traced
 * ```
 */
export function autolog(options: AutologOptions = {}): void {
  const { logTraces, disable, silent } = resolveAutologOptions(options);
  const state = pluginState();
  state.silent = silent;
  try {
    if (disable) {
      state.installed = false;
      unwatchCjsLoads();
      restorePatches();
      return;
    }
    state.logTraces = logTraces;
    const firstInstall = !state.installed;
    state.installed = true;
    const caller = callerFileOf(autolog);
    instrumentCoreCopies(caller);
    if (firstInstall) warnIfNothingPatched(caller);
  } catch (err) {
    warnOnce("langchain.autolog", "could not install the LangChain autolog; LangChain runs untraced", err);
  }
}
