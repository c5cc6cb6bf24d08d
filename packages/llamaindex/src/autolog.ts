import { callerFileOf, resolveAutologOptions, type AutologOptions } from "@traceloom/core";
import { forgetInstrumentedModules, instrumentEveryCopy } from "./copies/instrument-copies.js";
import { abandonOpenEventSpans } from "./events/model-events.js";
import { removeInstancePatches } from "./instrument/instance-patches.js";
import { forgetSeenModels } from "./instrument/llm.js";
import { installedPatchCount, removeAllPatches } from "./runtime/patch-set.js";
import { setRecording } from "./runtime/recording.js";
import { pluginState } from "./runtime/state.js";
import { warnAboutDrift } from "./version-drift.js";
import { warnOnce } from "./runtime/log.js";

function uninstall(): void {
  removeInstancePatches();
  removeAllPatches();
  forgetSeenModels();
  forgetInstrumentedModules();
  abandonOpenEventSpans();
}

/**
 * Traces LlamaIndex.TS: query engines, retrievers, synthesizers, chat engines, embeddings, LLM calls, tools and
 * agent workflows become one nested trace per top-level call. Call it once at start-up, before building engines.
 *
 * Patches every copy of LlamaIndex the program uses, whichever this package resolves: in an ES module program
 * the copy `import` gives the module that calls `autolog()` (else the entry script, else the working directory),
 * and every CommonJS copy, loaded before or after.
 *
 * Idempotent: calling it again only applies the new options — also from the other build of this package (ES module
 * or CommonJS) when both are loaded: they share one state. `{ logTraces: false }` keeps the instrumentation in
 * place but records nothing; `{ disable: true }` restores LlamaIndex's original methods; `{ silent: true }` hides
 * traceloom's warnings (such as two installed copies of `@llamaindex/core`). Never throws.
 */
export function autolog(options: AutologOptions = {}): void {
  const { logTraces, disable, silent } = resolveAutologOptions(options);
  const state = pluginState();
  state.silent = silent;
  try {
    if (disable) {
      setRecording(false);
      if (state.installed) uninstall();
      state.installed = false;
      return;
    }
    if (!state.installed) {
      const caller = callerFileOf(autolog);
      instrumentEveryCopy(caller);
      state.installed = true;
      warnAboutDrift(caller);
    }
    setRecording(logTraces);
  } catch (err) {
    warnOnce("llamaindex.autolog", "autolog() could not instrument LlamaIndex; it runs untraced", err);
  }
}

/** Whether `autolog()` instrumentation is installed, and how many methods it patched (for diagnostics and tests). */
export function autologStatus(): { installed: boolean; patches: number } {
  return { installed: pluginState().installed, patches: installedPatchCount() };
}
