import { warnOnce } from "../log.js";
import { TRACELOOM_HANDLER_NAME, TraceloomCallbackHandler } from "../handler/traceloom-callback-handler.js";
import { pluginState } from "../state.js";
import { applyPatch } from "./apply-patch.js";

type Handler = { name?: unknown };
type Manager = { handlers?: Handler[]; addHandler?: (h: unknown, inherit?: boolean) => void };
type ConfigureSync = (this: unknown, inheritable: unknown, ...rest: unknown[]) => Manager | undefined;

function isTraceloomHandler(h: unknown): boolean {
  return !!h && typeof h === "object" && (h as Handler).name === TRACELOOM_HANDLER_NAME;
}

/** The handler autolog adds everywhere (one per process, shared by the ESM and CJS copies of this package). */
function autologHandler(): object {
  const state = pluginState();
  state.autologHandler ??= new TraceloomCallbackHandler();
  return state.autologHandler;
}

/**
 * The inheritable handlers to configure with: ours appended to a list (or as the only one), so LangChain builds the
 * callback manager itself — tags and metadata included. A manager passed in is left for {@link addToManager}.
 */
function withOurHandler(inheritable: unknown): unknown {
  if (inheritable === undefined || inheritable === null) return [autologHandler()];
  if (Array.isArray(inheritable)) return inheritable.some(isTraceloomHandler) ? inheritable : [...inheritable, autologHandler()];
  return inheritable;
}

function addToManager(manager: Manager | undefined): void {
  if (!manager || !Array.isArray(manager.handlers) || typeof manager.addHandler !== "function") return;
  if (!manager.handlers.some(isTraceloomHandler)) manager.addHandler(autologHandler(), true);
}

/**
 * Patches the static `CallbackManager._configureSync` of one copy of @langchain/core: every run LangChain starts,
 * wherever it starts (any async context, timers, servers), gets the traceloom handler — unless the caller passed one.
 */
export function patchConfigure(CallbackManager: object): void {
  const state = pluginState();
  const target = CallbackManager as { _configureSync?: ConfigureSync };
  const original = target._configureSync;
  if (typeof original !== "function" || state.patched.has(CallbackManager)) return;
  state.patched.add(CallbackManager);
  state.coreCopies = (state.coreCopies ?? 0) + 1;
  const patched: ConfigureSync = function (this: unknown, inheritable, ...rest) {
    if (!pluginState().installed || !pluginState().logTraces) return original.call(this, inheritable, ...rest);
    let args: unknown;
    try {
      args = withOurHandler(inheritable);
    } catch (err) {
      warnOnce("langchain.configure-args", "could not add the traceloom handler to a LangChain run", err);
      args = inheritable;
    }
    const manager = original.call(this, args, ...rest);
    try {
      addToManager(manager);
    } catch (err) {
      warnOnce("langchain.configure-manager", "could not add the traceloom handler to a LangChain callback manager", err);
    }
    return manager;
  };
  applyPatch(CallbackManager, "_configureSync", patched);
}
