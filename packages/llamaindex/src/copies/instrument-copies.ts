import { rememberPatch } from "../runtime/patch-set.js";
import { pluginState } from "../runtime/state.js";
import { applicationEsmModules, hookCommonJsLoads, loadedCommonJsModules } from "./find-copies.js";
import { instrumentModule } from "./instrument-module.js";

function instrumentOnce(exports: unknown): void {
  if (!exports || (typeof exports !== "object" && typeof exports !== "function")) return;
  // CommonJS modules are required again and again: each is looked at once.
  const { instrumentedModules } = pluginState();
  if (instrumentedModules.has(exports)) return;
  instrumentedModules.add(exports);
  instrumentModule(exports).forEach(rememberPatch);
}

/**
 * Instruments every copy of LlamaIndex the program uses, and only those (nothing is loaded that the program would
 * not load): in an ES module program, the ES module copies the application imports, resolved from `caller` (the
 * file that called `autolog()`); every CommonJS copy already loaded; and, through a `require` hook, every CommonJS
 * copy loaded later. The patches (and the hook) are remembered for `removeAllPatches`.
 */
export function instrumentEveryCopy(caller: string | undefined): void {
  applicationEsmModules(caller).forEach(instrumentOnce);
  loadedCommonJsModules().forEach(instrumentOnce);
  rememberPatch(hookCommonJsLoads(instrumentOnce));
}

/** Forgets which modules were instrumented, so that a later `autolog()` instruments them again. */
export function forgetInstrumentedModules(): void {
  pluginState().instrumentedModules = new WeakSet<object>();
}
