import Module from "node:module";
import { ai6EntryKind } from "./ai6-package.js";
import { warnOnce } from "./log.js";
import { wrapV6Exports } from "./v6-wrappers.js";

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
interface ModuleInternals {
  _load: Load;
  _resolveFilename: (request: string, parent: unknown, isMain: boolean) => string;
}

const KEY = Symbol.for("traceloom.ai-sdk.cjs-hook.v1");

/** Per module exports object: what `require` hands out instead (`null`: the module itself). */
const replacements = new WeakMap<object, object | null>();

/**
 * What `require` of ai 6's CommonJS main entry returns instead: a new object with every export of the real one
 * (read through from it) except the wrapped functions. The real exports object stays as it was.
 */
function replacementOf(real: Record<string, unknown>): object {
  const wrapped = wrapV6Exports(real);
  const out: Record<string, unknown> = {};
  if (real.__esModule) Object.defineProperty(out, "__esModule", { value: true });
  for (const key of Object.keys(real)) {
    Object.defineProperty(out, key, Object.hasOwn(wrapped, key) ? { value: wrapped[key], enumerable: true } : { get: () => real[key], enumerable: true });
  }
  return out;
}

/** Decides once per exports object; only objects with ai's exports are looked at any closer. */
function replacementFor(exports: unknown, request: string, parent: unknown, isMain: boolean, internals: ModuleInternals): object | undefined {
  if (typeof exports !== "object" || exports === null) return undefined;
  let replacement = replacements.get(exports);
  if (replacement === undefined) {
    replacement = null;
    try {
      const candidate = exports as Record<string, unknown>;
      if (typeof candidate.embedMany === "function" && typeof candidate.streamText === "function" && ai6EntryKind(internals._resolveFilename(request, parent, isMain)) === "require") {
        replacement = replacementOf(candidate);
      }
    } catch (err) {
      warnOnce("ai-sdk.register.require", "could not wrap ai 6 for require(); its generateObject, streamObject, embed and embedMany are not traced", err);
    }
    replacements.set(exports, replacement);
  }
  return replacement ?? undefined;
}

/**
 * Makes `require()` of ai 6's CommonJS main entry return the traced exports (see {@link replacementOf}). Installed once
 * per process, whichever build of this package asks.
 */
export function installCjsHook(): void {
  const g = globalThis as unknown as Record<symbol, boolean | undefined>;
  if (g[KEY]) return;
  g[KEY] = true;
  const internals = Module as unknown as ModuleInternals;
  const load = internals._load;
  internals._load = function (this: unknown, request: string, parent: unknown, isMain: boolean) {
    // eslint-disable-next-line prefer-rest-params
    const exports = load.apply(this, arguments as unknown as Parameters<Load>);
    return replacementFor(exports, request, parent, isMain, internals) ?? exports;
  };
}
