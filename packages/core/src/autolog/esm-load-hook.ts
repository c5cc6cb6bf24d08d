import Module from "node:module";
import { logOnce } from "../log.js";

/** Told when an ES module whose URL matched a watched pattern has evaluated: its URL and its namespace. */
export type EsModuleListener = (url: string, namespace: unknown) => void;

interface Watch {
  pattern: RegExp;
  listener: EsModuleListener;
}

/** Process-wide, shared by the ESM and CJS copies of core through `globalThis`. */
interface HookState {
  watches: Set<Watch>;
  /** Pattern sources a hook transforms (module.register hooks cannot be changed once registered). */
  hooked: Set<string>;
  /** The in-thread hooks (Node >= 22.15), which read `watches` directly. */
  inThread: boolean;
}

const STATE = Symbol.for("traceloom.core.esmLoadHook");
/** The global function the line appended to a watched module calls. */
const NOTIFY = "traceloom.core.esmLoaded";

function hookState(): HookState {
  const g = globalThis as unknown as Record<symbol, HookState | undefined>;
  g[STATE] ??= { watches: new Set(), hooked: new Set(), inThread: false };
  return g[STATE];
}

function notify(url: string, namespace: unknown): void {
  for (const watch of [...hookState().watches]) {
    if (!watch.pattern.test(url)) continue;
    try {
      watch.listener(url, namespace);
    } catch (err) {
      logOnce("core.esm-listener", "an ES module load listener of an autolog plugin failed; the module loads untouched", err);
    }
  }
}

/**
 * A watched module's source plus two lines: a self-import (the module's own namespace, complete once its body has
 * run) and a call to {@link notify}. Self-contained, because its text also runs in Node 20's off-thread hooks.
 */
function appendNotifier(url: string, source: unknown): string {
  const text = typeof source === "string" ? source : new TextDecoder().decode(source as Uint8Array);
  const u = JSON.stringify(url);
  return `${text}\n;import * as __traceloomSelf from ${u};\nglobalThis[Symbol.for("traceloom.core.esmLoaded")]?.(${u}, __traceloomSelf);\n`;
}

/** The off-thread hooks module (Node 20 to 22.14): transforms modules whose URL matches the pattern it was given. */
const OFF_THREAD_HOOKS = `const appendNotifier = ${appendNotifier.toString()};
let pattern;
export function initialize(data) { pattern = new RegExp(data.pattern); }
export async function load(url, context, nextLoad) {
  const result = await nextLoad(url, context);
  if (result.format !== "module" || result.source == null || !pattern.test(url)) return result;
  return { ...result, source: appendNotifier(url, result.source) };
}`;

type LoadResult = { format?: string; source?: unknown };
type SyncHooks = { load(url: string, context: unknown, next: (url: string, context: unknown) => LoadResult): LoadResult };
type ModuleWithHooks = typeof Module & { registerHooks?: (hooks: SyncHooks) => unknown };

function installInThread(state: HookState, registerHooks: (hooks: SyncHooks) => unknown): void {
  registerHooks({
    load(url, context, next) {
      const result = next(url, context);
      if (result.format !== "module" || result.source == null || state.watches.size === 0) return result;
      for (const watch of state.watches) {
        if (watch.pattern.test(url)) return { ...result, source: appendNotifier(url, result.source) };
      }
      return result;
    },
  });
  state.inThread = true;
}

function ensureHook(state: HookState, pattern: RegExp): void {
  (globalThis as Record<symbol, unknown>)[Symbol.for(NOTIFY)] ??= notify;
  if (state.inThread) return;
  const registerHooks = (Module as ModuleWithHooks).registerHooks;
  if (typeof registerHooks === "function") {
    installInThread(state, registerHooks.bind(Module));
    return;
  }
  if (state.hooked.has(pattern.source)) return;
  Module.register(`data:text/javascript,${encodeURIComponent(OFF_THREAD_HOOKS)}`, { data: { pattern: pattern.source } });
  state.hooked.add(pattern.source);
}

/**
 * Calls `listener(url, namespace)` each time an ES module whose URL matches `pattern` is loaded from now on (by
 * `import` or `import()`, anywhere in the process), right after its body ran and before the importer sees it, so
 * an autolog plugin can patch a copy of a framework loaded after `autolog()` — such as the copy a framework gets
 * with a dynamic `import("openai")`. Modules already loaded are not reported (see `esModuleIfLoaded`).
 *
 * A module loader hook is installed on first use: in-thread (`module.registerHooks`) where Node has it, else off
 * thread (`module.register`, Node 20). It appends two lines to the matching modules' source and leaves every other
 * module untouched. Returns the function that stops calling `listener` (the hook stays, inert without listeners).
 * Throws when Node cannot install loader hooks: callers catch and log.
 */
export function watchEsModuleLoads(pattern: RegExp, listener: EsModuleListener): () => void {
  const state = hookState();
  const watch: Watch = { pattern, listener };
  ensureHook(state, pattern);
  state.watches.add(watch);
  return () => {
    state.watches.delete(watch);
  };
}
