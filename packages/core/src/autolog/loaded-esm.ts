import Module from "node:module";

type CompilableModule = Module & { _compile(source: string, filename: string, format: "module"): void };

/**
 * Source handed to Node's loader in place of the module's own: a syntax error (`return` at a module's top level),
 * so a module not yet in the loader's cache fails to compile and is never cached — nothing is loaded or evaluated.
 */
const NOT_LOADED_PROBE = "return; // traceloom: probe for an ES module that is not loaded";

/**
 * The namespace of the ES module at `file` if the program has already loaded it (imported, or linked by a static
 * import still to be evaluated), else undefined — without ever loading a module the program did not.
 *
 * Node's synchronous `require(esm)` path returns a module already in its ES module cache and ignores the source it
 * is given; for a module not in the cache it compiles that source, which here is a syntax error: nothing is
 * cached, and a later `import` of the file loads it normally. A module linked but not yet evaluated (imported
 * statically after the module calling this) is evaluated now, as `require()` of it would. Undefined where Node
 * cannot load ES modules synchronously (`process.features.require_module` false). Throws what evaluating the
 * module throws, and Node's error for a module in an evaluation cycle: callers catch and log.
 *
 * @param file - The module's absolute path with symlinks resolved (the loader caches modules by real path).
 */
export function esModuleIfLoaded(file: string): unknown {
  if (!process.features.require_module) return undefined;
  const mod = new Module(file) as CompilableModule;
  mod.filename = file;
  try {
    mod._compile(NOT_LOADED_PROBE, file, "module");
  } catch (err) {
    if (err instanceof SyntaxError) return undefined;
    throw err;
  }
  return mod.exports;
}
