import Module from "node:module";
import { addRequireListener, importApplicationModule, removeRequireListener, type RequireListener } from "@traceloom/core";
import { attachToMastra } from "./attach.js";
import { warnOnce } from "./log.js";
import { pluginState } from "./state.js";

type Loose = Record<string, any>;

/** The `Mastra` class of a module's exports (`@mastra/core`, `@mastra/core/mastra`), if it is one. */
function mastraClassOf(exports: unknown): Loose | undefined {
  const candidate = exports && typeof exports === "object" ? (exports as Loose).Mastra : undefined;
  if (typeof candidate !== "function") return undefined;
  const getter = Object.getOwnPropertyDescriptor(candidate.prototype, "observability")?.get;
  return typeof getter === "function" ? candidate : undefined;
}

/**
 * Patches the `observability` getter of one copy's `Mastra` class — what Mastra reads whenever it starts a root span —
 * so the first read on each instance wires it to traceloom (see `attachToMastra`). Nothing else of Mastra changes.
 */
export function patchMastraClass(exports: unknown): void {
  const state = pluginState();
  const Mastra = mastraClassOf(exports);
  if (!Mastra || state.patchedClasses.has(Mastra)) return;
  const proto = Mastra.prototype as object;
  const original = Object.getOwnPropertyDescriptor(proto, "observability")!;
  const read = original.get!;
  Object.defineProperty(proto, "observability", {
    ...original,
    get(this: Loose) {
      const observability = read.call(this);
      if (!pluginState().installed || pluginState().attached.has(this)) return observability;
      attachToMastra(this, observability);
      return read.call(this);
    },
  });
  state.patchedClasses.add(Mastra);
  state.copies++;
  state.restorers.push(() => {
    Object.defineProperty(proto, "observability", original);
    pluginState().patchedClasses.delete(Mastra);
  });
}

/** Every CommonJS copy of @mastra/core already loaded. */
function loadedCommonJsCopies(): unknown[] {
  const cache = (Module as unknown as { _cache?: Record<string, { exports?: unknown } | undefined> })._cache ?? {};
  const found: unknown[] = [];
  for (const [file, mod] of Object.entries(cache)) {
    if (!/[\\/]@mastra[\\/]core[\\/]dist[\\/]/.test(file)) continue;
    try {
      if (mastraClassOf(mod?.exports)) found.push(mod!.exports);
    } catch {
      // exports that throw on access are not Mastra's
    }
  }
  return found;
}

/** Patches copies required later (a CommonJS app may require Mastra after `autolog()`); returns the unhook function. */
function hookRequire(): () => void {
  const listener: RequireListener = (id, exports) => {
    if (!id.includes("@mastra/core")) return;
    try {
      patchMastraClass(exports);
    } catch (err) {
      warnOnce("mastra.require-hook", "could not patch a newly required @mastra/core", err);
    }
  };
  addRequireListener(listener);
  return () => removeRequireListener(listener);
}

/**
 * Patches the application's copies of @mastra/core: the ES module copy an ES module program imports (loaded here
 * if the program has not yet), the CommonJS copies loaded, and CommonJS copies required later.
 */
export function patchApplicationCopies(caller: string | undefined): void {
  const state = pluginState();
  for (const copy of loadedCommonJsCopies()) patchMastraClass(copy);
  state.unhookRequire ??= hookRequire();
  try {
    const esm = importApplicationModule("@mastra/core/mastra", caller);
    if (esm) patchMastraClass(esm);
  } catch (err) {
    warnOnce("mastra.esm", "could not load the application's @mastra/core/mastra to patch it", err);
  }
}

/** Restores every patched getter and stops watching CommonJS loads. */
export function unpatchAll(): void {
  const state = pluginState();
  for (const restore of state.restorers.splice(0).reverse()) restore();
  state.unhookRequire?.();
  state.unhookRequire = undefined;
}
