import { createRequire } from "node:module";
import { join } from "node:path";
import { addRequireListener, applicationEsmEntries, removeRequireListener, requireEsmNatively } from "@traceloom/core";
import { warnOnce } from "../log.js";
import { pluginState } from "../state.js";
import { patchConfigure } from "./configure-patch.js";
import { patchModelBase } from "./model-context-patch.js";
import { patchRunWithConfig } from "./run-config-patch.js";
import { patchStreamEventsMethod } from "./stream-events-patch.js";
import { patchStreamMethod } from "./stream-patch.js";

/**
 * The @langchain/core entry points that hold what we patch, and `./context`, whose loading sets up LangChain's
 * AsyncLocalStorage — without it a runnable invoked inside another without `config` starts a tree of its own.
 */
const SUBPATHS = ["./context", "./singletons", "./callbacks/manager", "./language_models/chat_models", "./language_models/llms", "./runnables"];

/** A loaded CommonJS file of one of those entry points, in any copy of @langchain/core. */
const CJS_FILE = /[\\/]@langchain[\\/]core[\\/]dist[\\/](callbacks[\\/]manager|language_models[\\/](chat_models|llms)|singletons[\\/]async_local_storage[\\/]index|runnables[\\/](index|base))\.c?js$/;

type Loose = Record<string, any>;

/** Prototype levels searched for the owner of `stream`. */
const MAX_PROTO_DEPTH = 50;

/** A runnable class (`Runnable` or a subclass) of any copy of @langchain/core. */
function isRunnableClass(value: unknown): value is { prototype: object } {
  const proto = typeof value === "function" ? (value as { prototype?: Loose }).prototype : undefined;
  return !!proto && typeof proto._streamIterator === "function" && typeof proto.invoke === "function";
}

/** Every `stream` and `streamEvents` method a runnable class can run: its own (if it overrides it) and the one it inherits. */
function patchStreamsOf(RunnableClass: { prototype: object }): void {
  for (let p: object | null = RunnableClass.prototype, depth = 0; p && depth < MAX_PROTO_DEPTH; p = Object.getPrototypeOf(p), depth++) {
    if (Object.prototype.hasOwnProperty.call(p, "stream")) patchStreamMethod(p);
    if (Object.prototype.hasOwnProperty.call(p, "streamEvents")) patchStreamEventsMethod(p);
  }
}

/** Patches whatever a module of @langchain/core exports that we instrument. Safe on any module's exports. */
export function instrumentExports(exports: unknown): void {
  if (!exports || (typeof exports !== "object" && typeof exports !== "function")) return;
  const e = exports as Loose;
  const manager = e.CallbackManager;
  if (typeof manager === "function" && typeof manager._configureSync === "function") patchConfigure(manager);
  const provider = e.AsyncLocalStorageProviderSingleton;
  if (provider && typeof provider.runWithConfig === "function") patchRunWithConfig(provider);
  for (const base of [e.BaseChatModel, e.BaseLLM]) {
    if (typeof base === "function" && base.prototype && typeof base.prototype._generateUncached === "function") patchModelBase(base);
  }
  for (const value of Object.values(e)) {
    if (isRunnableClass(value)) patchStreamsOf(value);
  }
}

/** The application's LangChain packages, whose copy of @langchain/core the application uses too. */
function isLangChainPackage(name: string): boolean {
  return name === "langchain" || (name.startsWith("@langchain/") && name !== "@langchain/core");
}

/**
 * The ES-module copies of @langchain/core the application imports (an ES module program only: a CommonJS one uses
 * the CommonJS copies below): its own, and those its LangChain packages resolve (pnpm can give `@langchain/openai`
 * a copy other than the app's). ES modules cannot be listed once loaded, so each entry point is resolved from
 * `caller` (the module that called `autolog()`), else the entry script, else the working directory, and taken from
 * Node's own ES module loader — the instances `import` returns, also under tsx; never from this package's folder.
 */
function patchApplicationEsmCopies(caller: string | undefined): void {
  for (const subpath of SUBPATHS) {
    try {
      for (const file of applicationEsmEntries(`@langchain/core${subpath.slice(1)}`, caller, isLangChainPackage)) {
        instrumentExports(requireEsmNatively(file));
      }
    } catch (err) {
      warnOnce("langchain.esm-copy", "could not instrument the application's ES-module copy of @langchain/core", err);
    }
  }
}

/** Every CommonJS copy already loaded. */
function patchLoadedCjsCopies(): void {
  const cache = createRequire(join(process.cwd(), "noop.js")).cache;
  for (const [file, mod] of Object.entries(cache)) {
    if (CJS_FILE.test(file) && mod?.exports) instrumentExports(mod.exports);
  }
}

/** A `require()` id that can return a module of @langchain/core we instrument (a cheap test before the exports are looked at). */
const CJS_ID = /manager|chat_models|llms|async_local_storage|singletons|runnables/;

/** Instruments the exports of a CommonJS module of @langchain/core as it is required. */
function onRequire(id: string, exports: unknown): void {
  if (!CJS_ID.test(id)) return;
  try {
    instrumentExports(exports);
  } catch (err) {
    warnOnce("langchain.require-hook", "could not instrument a CommonJS copy of @langchain/core", err);
  }
}

/** CommonJS copies loaded later: core's process-wide require hook tells us about every module required. */
function watchCjsLoads(): void {
  const state = pluginState();
  if (state.requireListener) return;
  state.requireListener = onRequire;
  addRequireListener(onRequire);
}

/** Stops watching CommonJS loads (the require hook goes away with its last listener). */
export function unwatchCjsLoads(): void {
  const state = pluginState();
  if (!state.requireListener) return;
  removeRequireListener(state.requireListener);
  state.requireListener = undefined;
}

/**
 * Finds and instruments every copy of @langchain/core the program uses: the application's ES-module copies (resolved
 * from `caller`, the file that called `autolog()`), and every CommonJS copy, loaded now or later.
 */
export function instrumentCoreCopies(caller: string | undefined): void {
  patchApplicationEsmCopies(caller);
  patchLoadedCjsCopies();
  watchCjsLoads();
}
