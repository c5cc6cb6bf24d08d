import Module from "node:module";
import { logOnce } from "../log.js";

/**
 * Told about every CommonJS `require()` that returns: the `id` asked for, the `exports` it returned, and the
 * resolved `filename` (`undefined` when it cannot be resolved; the id itself for a Node built-in).
 */
export type RequireListener = (id: string, exports: unknown, filename: string | undefined) => void;

type RequireFn = (this: Module, id: string) => unknown;

/** The one hook of the process, shared by every copy of core (ESM and CJS) through `globalThis`. */
interface RequireHookState {
  listeners: Set<RequireListener>;
  /** `Module.prototype.require` as it was when the hook was installed. */
  original: RequireFn | undefined;
  /** Our wrapper, while it is in `Module.prototype.require`'s chain. */
  wrapper: RequireFn | undefined;
}

const KEY = Symbol.for("traceloom.core.requireHook");

function hookState(): RequireHookState {
  const g = globalThis as unknown as Record<symbol, RequireHookState | undefined>;
  g[KEY] ??= { listeners: new Set(), original: undefined, wrapper: undefined };
  return g[KEY];
}

type ResolvingModule = typeof Module & { _resolveFilename(request: string, parent: Module): string };

function resolvedFilename(id: string, parent: Module): string | undefined {
  try {
    return (Module as ResolvingModule)._resolveFilename(id, parent);
  } catch {
    return undefined;
  }
}

function notify(state: RequireHookState, parent: Module, id: string, exports: unknown): void {
  if (typeof id !== "string") return;
  const filename = resolvedFilename(id, parent);
  for (const listener of [...state.listeners]) {
    try {
      listener(id, exports, filename);
    } catch (err) {
      logOnce("core.require-listener", "a require() listener of an autolog plugin failed; the module loads untouched", err);
    }
  }
}

function install(state: RequireHookState): void {
  if (state.wrapper) return;
  const proto = Module.prototype as unknown as { require: RequireFn };
  const original = proto.require;
  const wrapper: RequireFn = function (this: Module, id: string) {
    // eslint-disable-next-line prefer-rest-params
    const exports = original.apply(this, arguments as unknown as [string]);
    if (state.listeners.size > 0) notify(state, this, id, exports);
    return exports;
  };
  state.original = original;
  state.wrapper = wrapper;
  proto.require = wrapper;
}

/**
 * Puts `Module.prototype.require` back when nothing wrapped it after us. When someone did, their wrapper calls ours,
 * so ours stays in place — with no listener it only passes calls through — and is reused by the next listener.
 */
function uninstall(state: RequireHookState): void {
  const proto = Module.prototype as unknown as { require: RequireFn };
  if (!state.wrapper || proto.require !== state.wrapper) return;
  proto.require = state.original as RequireFn;
  state.original = undefined;
  state.wrapper = undefined;
}

/**
 * Calls `listener` after every CommonJS `require()` in the process returns, so an autolog plugin can instrument a
 * framework's copies loaded after `autolog()`. One hook serves every plugin: it wraps `Module.prototype.require`
 * once, when the first listener arrives, and is removed when the last one leaves ({@link removeRequireListener}).
 * Adding the same listener twice has no effect. A listener that throws is logged once; the module loads untouched.
 */
export function addRequireListener(listener: RequireListener): void {
  const state = hookState();
  state.listeners.add(listener);
  install(state);
}

/** Stops calling `listener`; the last listener to leave restores `Module.prototype.require`. */
export function removeRequireListener(listener: RequireListener): void {
  const state = hookState();
  state.listeners.delete(listener);
  if (state.listeners.size === 0) uninstall(state);
}
