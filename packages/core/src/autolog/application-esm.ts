import { createRequire } from "node:module";
import path from "node:path";
import { requireEsmNatively } from "./require-esm.js";
import { resolveEsmEntry, resolvePackageRoot } from "./resolve-esm-entry.js";

/**
 * Where the application's bare imports are resolved from, most specific first: `caller` (the module that called
 * a plugin's `autolog()`, see `callerFileOf`), the entry script (`process.argv[1]`, also under tsx), and
 * the working directory. Only absolute paths are kept.
 *
 * @param caller - The file of the module that called `autolog()`, if known.
 */
export function applicationResolutionBases(caller: string | undefined): string[] {
  const bases = [caller, process.argv[1], path.join(process.cwd(), "package.json")];
  return bases.filter((b): b is string => typeof b === "string" && path.isAbsolute(b));
}

/**
 * Whether the program's entry point is an ES module: it has no `require.main` (plain `node app.mjs`,
 * `tsx app.ts` in a `"type": "module"` package, `node --import tsx app.ts`). A CommonJS program — including a
 * TypeScript file that tsx runs as CommonJS — loads CommonJS copies, found in `require.cache` instead.
 */
export function isEsModuleProgram(): boolean {
  return createRequire(path.join(process.cwd(), "package.json")).main === undefined;
}

/**
 * The ES module namespace that the application's `import specifier` gets, loaded synchronously from Node's own
 * ES module loader — the very instance the program imported, or will import — so a plugin can patch the classes
 * the application uses, under plain `node` and under loaders such as tsx alike.
 *
 * An ES module namespace cannot be enumerated from outside, so the module is found by resolution from
 * {@link applicationResolutionBases}: the first base the package is installed for wins, so at most one copy is
 * loaded. Undefined in a CommonJS program (loading an ES module copy there would load a copy the program does
 * not use), when the package is found from no base, when the first that finds it maps the specifier to a
 * CommonJS file or not at all, and where Node cannot load ES modules synchronously. Throws what evaluating the module throws: callers catch and log.
 *
 * @param specifier - A bare specifier: `"openai"`, `"@langchain/core/callbacks/manager"`.
 * @param caller - The file of the module that called `autolog()` (from `callerFileOf`), if known.
 */
export function importApplicationModule(specifier: string, caller: string | undefined): unknown {
  if (!isEsModuleProgram()) return undefined;
  for (const base of applicationResolutionBases(caller)) {
    if (!resolvePackageRoot(specifier, base)) continue;
    const entry = resolveEsmEntry(specifier, base);
    return entry ? requireEsmNatively(entry) : undefined;
  }
  return undefined;
}
