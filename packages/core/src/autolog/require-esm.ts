import Module from "node:module";
import { readFileSync } from "node:fs";

type CompilableModule = Module & { _compile(source: string, filename: string, format: "module"): void };

/**
 * The namespace of the ES module at `file` (an absolute real path), taken synchronously from Node's own ES module
 * loader: the very instance `import` gets, whether the program imported it already or imports it later.
 *
 * This is what `require()` of an ES module does in Node >= 20.19 — minus the CommonJS extension handlers that
 * loaders install: tsx (4.x) handles `require("….mjs")` (and `.js` in a `"type": "module"` package) itself,
 * compiling the file to CommonJS, which evaluates a separate copy of the package instead of returning the
 * imported one. Returns undefined where Node cannot load ES modules synchronously
 * (`process.features.require_module` false). Throws what evaluating the module throws.
 *
 * @param file - The module's absolute path, symlinks resolved (the loader caches modules by real path).
 */
export function requireEsmNatively(file: string): unknown {
  if (!process.features.require_module) return undefined;
  const mod = new Module(file) as CompilableModule;
  mod.filename = file;
  mod._compile(readFileSync(file, "utf8"), file, "module");
  return mod.exports;
}
