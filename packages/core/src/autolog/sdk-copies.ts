import Module from "node:module";
import { esmEntriesInDependencyGraph, type GraphEntries } from "./dependency-graph.js";
import { esModuleIfLoaded } from "./loaded-esm.js";
import { addRequireListener, removeRequireListener, type RequireListener } from "./require-hook.js";

/** How to recognise one SDK package on disk and in memory, for the plugins that patch every copy of it. */
export interface SdkModuleSpec {
  /** The npm name, as messages name it: `openai`, `@anthropic-ai/sdk`. */
  packageName: string;
  /** Prefix of this plugin's warning keys: `openai`, `anthropic`. */
  logKey: string;
  /** Its entry module files, wherever a package manager put them (pnpm store, npm aliases such as `openai-v4`). */
  entryFile: RegExp;
  /** The URL of an ES module entry (what a loader hook sees). */
  esmEntryUrl: RegExp;
  /** A `require()` id that can load it contains this (a cheap filter before `looksLikeModule`). */
  requireIdHint: string;
  /** Packages whose own dependencies may hold another copy: the frameworks built on the SDK. */
  frameworks: RegExp;
  /** True for the exports of an entry module (CommonJS exports or ES module namespace). */
  looksLikeModule: (exports: unknown) => boolean;
  /** How the user passes a copy by hand, for messages: `autolog({ openai: OpenAI })`. */
  explicitOptionHint: string;
}

/** A plugin's logger: once per key, quiet when the user asked for silence. */
export type PluginWarn = (key: string, message: string, err?: unknown) => void;

/** Every copy of the SDK already in `require.cache`, loading nothing. */
export function loadedCommonJsCopiesOf(spec: SdkModuleSpec): unknown[] {
  const cache = (Module as unknown as { _cache?: Record<string, { exports?: unknown } | undefined> })._cache ?? {};
  const found: unknown[] = [];
  for (const [file, mod] of Object.entries(cache)) {
    if (!spec.entryFile.test(file)) continue;
    try {
      if (spec.looksLikeModule(mod?.exports)) found.push(mod!.exports);
    } catch {
      // a module whose exports throw on access is not the SDK
    }
  }
  return found;
}

/** The ES module copies of an SDK the application's dependency graph can import, split by whether they are loaded. */
export interface EsmCopies {
  /** Namespaces of the copies the program has loaded. */
  loaded: unknown[];
  /** Entry files of copies not loaded (yet) that a framework, or an ES module program, may import later. */
  awaited: string[];
  /** Where the SDK was looked up from. */
  searched: string[];
}

/**
 * The ES module copies of the SDK in the application's dependency graph — its own, and those its frameworks resolve
 * from their own folders — found by resolution, which reads only package.json files. Of those, only the copies the
 * program has loaded are taken (from Node's own ES module loader, the very instances `import` gave); none is loaded.
 *
 * @param caller - The file that called `autolog()`, where resolution starts (else the entry script, the working directory).
 * @param esProgram - Whether the program is an ES module one, which may import the application's own copy later.
 */
export function esmCopiesOf(spec: SdkModuleSpec, caller: string | undefined, esProgram: boolean, warn: PluginWarn): EsmCopies {
  const copies: EsmCopies = { loaded: [], awaited: [], searched: [] };
  let graph: GraphEntries;
  try {
    graph = esmEntriesInDependencyGraph(spec.packageName, caller, (name) => spec.frameworks.test(name));
  } catch (err) {
    warn(`${spec.logKey}.esm`, `could not look up the ES module copies of ${spec.packageName}; pass one: ${spec.explicitOptionHint}`, err);
    return copies;
  }
  copies.searched = graph.searched;
  for (const file of graph.entries) {
    try {
      const namespace = esModuleIfLoaded(file);
      if (namespace !== undefined) copies.loaded.push(namespace);
      else if (esProgram || !graph.direct.includes(file)) copies.awaited.push(file);
    } catch (err) {
      warn(`${spec.logKey}.esm`, `could not reach the loaded ES module copy of ${spec.packageName} at ${file}`, err);
    }
  }
  return copies;
}

/**
 * Calls `onModule(exports)` whenever a CommonJS `require()` of the SDK (the package, or an alias) returns, so copies
 * loaded after `autolog()` are patched too — through core's one process-wide require hook, shared with the other
 * plugins. Returns the function that stops listening (the hook itself goes away with its last listener).
 */
export function hookSdkRequires(spec: SdkModuleSpec, onModule: (exports: unknown) => void, warn: PluginWarn): () => void {
  const listener: RequireListener = (id, exports) => {
    if (!id.includes(spec.requireIdHint)) return;
    try {
      if (spec.looksLikeModule(exports)) onModule(exports);
    } catch (err) {
      warn(`${spec.logKey}.requireHook`, `could not patch a newly required ${spec.packageName} module`, err);
    }
  };
  addRequireListener(listener);
  return () => removeRequireListener(listener);
}
