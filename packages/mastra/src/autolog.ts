import { applicationResolutionBases, callerFileOf, resolveAutologOptions, type AutologOptions } from "@traceloom/core";
import { warnOnce } from "./log.js";
import { patchApplicationCopies, patchMastraClass, unpatchAll } from "./patch-mastra.js";
import { pluginState } from "./state.js";

/** Once the program's startup went on (a CommonJS app may require Mastra right after `autolog()`), says so if no copy was found. */
function warnIfNothingPatched(caller: string | undefined): void {
  setImmediate(() => {
    const state = pluginState();
    if (!state.installed || state.copies > 0) return;
    const where = applicationResolutionBases(caller).join(", ") || "nowhere (no application folder is known)";
    warnOnce("mastra.nothing-patched", `autolog() found no copy of @mastra/core to patch: none in require.cache, and none that resolves from ${where}. A copy required later is patched when it loads.`);
  }).unref();
}

/** Options of {@link autolog}. */
export interface MastraAutologOptions extends AutologOptions {
  /**
   * Further copies of @mastra/core to patch — a module namespace (`import * as m from "@mastra/core/mastra"`),
   * CommonJS exports, or `{ Mastra }` — for a copy loaded from where autolog does not look (an npm alias, say).
   */
  mastra?: unknown;
}

/**
 * Traces every Mastra agent run, model step, tool call, workflow run and workflow step of this process as one nested
 * tree per run, through Mastra's own observability bridge and exporter interfaces — no change to `new Mastra({...})`.
 * A Mastra instance without observability gets traceloom's (via Mastra's `registerExporter`); one with observability
 * you configured keeps its exporters and gains ours. Runs nest under your active span, and calls traced inside a step
 * or tool (e.g. by the OpenAI autolog) nest under it. Agents must be registered with a `Mastra` instance (Mastra only
 * traces those). Idempotent: call again to change options; `{ disable: true }` restores Mastra's getter (instances
 * already wired stay wired but record nothing); `{ logTraces: false }` records nothing.
 *
 * @example
 * ```ts
 * import { autolog } from "@traceloom/mastra";
 * autolog();
 * await mastra.getAgent("weather").generate("Weather in Paris?"); // traced
 * ```
 */
export function autolog(options: MastraAutologOptions = {}): void {
  const state = pluginState();
  try {
    const { logTraces, disable, silent } = resolveAutologOptions(options);
    state.silent = silent;
    if (disable) {
      state.installed = false;
      unpatchAll();
      return;
    }
    state.logTraces = logTraces;
    const firstInstall = !state.installed;
    state.installed = true;
    const caller = callerFileOf(autolog);
    patchApplicationCopies(caller);
    for (const copy of [options.mastra ?? []].flat()) patchMastraClass(copy);
    if (firstInstall) warnIfNothingPatched(caller);
  } catch (err) {
    warnOnce("mastra.autolog", "could not install the Mastra autolog; Mastra runs untraced", err);
  }
}
