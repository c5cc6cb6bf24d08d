import { readFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { logOnce } from "@traceloom/core";
import { pluginState } from "../state.js";
import { applyPatch } from "./apply-patch.js";
import { patchConfigure } from "./configure-patch.js";
import { patchModelBase } from "./model-context-patch.js";
import { patchRunWithConfig } from "./run-config-patch.js";

/**
 * The @langchain/core entry points that hold what we patch, and `./context`, whose loading sets up LangChain's
 * AsyncLocalStorage — without it a runnable invoked inside another without `config` starts a tree of its own.
 */
const SUBPATHS = ["./context", "./singletons", "./callbacks/manager", "./language_models/chat_models", "./language_models/llms"];

/** A loaded CommonJS file of one of those entry points, in any copy of @langchain/core. */
const CJS_FILE = /[\\/]@langchain[\\/]core[\\/]dist[\\/](callbacks[\\/]manager|language_models[\\/](chat_models|llms)|singletons[\\/]async_local_storage[\\/]index)\.c?js$/;

type Loose = Record<string, any>;

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
}

function importTarget(entry: unknown): string | undefined {
  const imp = (entry as Loose | undefined)?.import;
  if (typeof imp === "string") return imp;
  return typeof imp?.default === "string" ? imp.default : undefined;
}

/** The directory of the @langchain/core an app in `fromDir` would load, if any. */
function resolveCoreDir(fromDir: string): string | undefined {
  try {
    return dirname(createRequire(join(fromDir, "noop.js")).resolve("@langchain/core/package.json"));
  } catch {
    return undefined;
  }
}

/**
 * The ES-module copy of @langchain/core that the application resolves (from the working directory, the main script
 * and this package). ES modules cannot be listed once loaded, so these are loaded (`require(esm)`, the same
 * instances `import` returns) and patched.
 */
function patchEsmCopies(selfDir: string | undefined): void {
  if (!(process.features as { require_module?: boolean }).require_module) return;
  const fromDirs = [process.cwd(), process.argv[1] ? dirname(process.argv[1]) : undefined, selfDir];
  const coreDirs = new Set(fromDirs.filter((d): d is string => !!d).map(resolveCoreDir).filter((d): d is string => !!d));
  const load = createRequire(join(process.cwd(), "noop.js"));
  for (const dir of coreDirs) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Loose;
      for (const sub of SUBPATHS) {
        const target = importTarget(pkg.exports?.[sub]);
        if (target) instrumentExports(load(join(dir, target)));
      }
    } catch (err) {
      logOnce(`langchain.esm-copy:${dir}`, `could not instrument the ES-module copy of @langchain/core in ${dir}`, err);
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

/** CommonJS copies loaded later: `require` is watched for @langchain/core's modules (a cheap property check). */
function watchCjsLoads(): void {
  const proto = Module.prototype as unknown as { require: (id: string) => unknown };
  const state = pluginState();
  if (state.patched.has(proto)) return;
  state.patched.add(proto);
  const original = proto.require;
  applyPatch(proto, "require", function (this: unknown, id: string) {
    const exports = original.call(this, id);
    if (typeof id === "string" && /manager|chat_models|llms|async_local_storage|singletons/.test(id)) {
      try {
        instrumentExports(exports);
      } catch (err) {
        logOnce("langchain.require-hook", "could not instrument a CommonJS copy of @langchain/core", err);
      }
    }
    return exports;
  });
}

/** Finds and instruments every copy of @langchain/core: ESM and CJS, loaded now or (CJS) later. */
export function instrumentCoreCopies(selfDir: string | undefined): void {
  patchEsmCopies(selfDir);
  patchLoadedCjsCopies();
  watchCjsLoads();
}
