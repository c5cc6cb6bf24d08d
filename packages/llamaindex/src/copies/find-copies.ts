import Module from "node:module";
import { applicationEsmEntries, requireEsmNatively } from "@traceloom/core";
import type { Unpatch } from "../runtime/wrap-method.js";
import { applicationProviderPackages } from "./provider-packages.js";
import { warnOnce } from "../runtime/log.js";

/**
 * The entry points that define the classes traceloom instruments (`instrumentModule`), in every copy; the model
 * classes are in the provider packages the application declares (see `applicationProviderPackages`).
 */
const ENTRY_POINTS = [
  "@llamaindex/core/global",
  "@llamaindex/core/query-engine",
  "@llamaindex/core/retriever",
  "@llamaindex/core/response-synthesizers",
  "@llamaindex/core/embeddings",
  "@llamaindex/core/llms",
  "@llamaindex/core/node-parser",
  "@llamaindex/core/chat-engine",
  "@llamaindex/workflow",
  "llamaindex/indices",
];

/** A loaded module of a LlamaIndex package (that may define or re-export those classes), wherever it is installed. */
const LLAMAINDEX_FILE = /[\\/]node_modules[\\/](?:llamaindex|@llamaindex[\\/][^\\/]+)[\\/]/;

/** The application's LlamaIndex packages, whose copies of `@llamaindex/core` and `@llamaindex/workflow` it uses too. */
function isLlamaIndexPackage(name: string): boolean {
  return name === "llamaindex" || name.startsWith("@llamaindex/");
}

/**
 * The ES module namespaces of {@link ENTRY_POINTS} and of the provider packages the application declares
 * (`@llamaindex/openai`…) that the application imports (in an ES module program; a CommonJS program uses the
 * CommonJS copies): resolved from `caller` (the file that called `autolog()`), else the entry script, else the
 * working directory — the application's own copy and those its LlamaIndex packages resolve — and taken from Node's
 * own ES module loader, so they are the instances `import` gives the program, under plain `node` and tsx alike.
 * Never this package's own copy, unless the application resolves the same one.
 */
export function applicationEsmModules(caller: string | undefined): unknown[] {
  const modules: unknown[] = [];
  for (const specifier of [...ENTRY_POINTS, ...applicationProviderPackages(caller)]) {
    try {
      for (const file of applicationEsmEntries(specifier, caller, isLlamaIndexPackage)) {
        const namespace = requireEsmNatively(file);
        if (namespace === undefined) warnOnce("llamaindex.esm-unreachable", "this Node.js cannot load ES modules synchronously; the application's ES module copy of LlamaIndex runs untraced");
        else modules.push(namespace);
      }
    } catch (err) {
      warnOnce("llamaindex.esm-copy", `could not instrument the application's ES module copy of ${specifier}`, err);
    }
  }
  return modules;
}

/** The exports of every CommonJS module of LlamaIndex already loaded (in `require.cache`), loading nothing. */
export function loadedCommonJsModules(): unknown[] {
  const cache = (Module as unknown as { _cache?: Record<string, { exports?: unknown } | undefined> })._cache ?? {};
  return Object.entries(cache)
    .filter(([file]) => LLAMAINDEX_FILE.test(file))
    .map(([, mod]) => mod?.exports);
}

type RequireFn = (this: unknown, id: string) => unknown;

/**
 * Calls `onModule(exports)` whenever a CommonJS `require()` of a LlamaIndex module returns (`llamaindex`,
 * `@llamaindex/core/global`, … — including those LlamaIndex's own files require), so copies loaded after
 * `autolog()` are instrumented as they load. Returns the function that removes the hook.
 */
export function hookCommonJsLoads(onModule: (exports: unknown) => void): Unpatch {
  const proto = Module.prototype as unknown as { require: RequireFn };
  const original = proto.require;
  const hooked: RequireFn = function (this: unknown, id: string) {
    // eslint-disable-next-line prefer-rest-params
    const exports = original.apply(this, arguments as unknown as [string]);
    if (typeof id === "string" && id.includes("llamaindex")) {
      try {
        onModule(exports);
      } catch (err) {
        warnOnce("llamaindex.require-hook", "could not instrument a CommonJS module of LlamaIndex; it runs untraced", err);
      }
    }
    return exports;
  };
  proto.require = hooked;
  return () => {
    if (proto.require === hooked) proto.require = original;
  };
}
