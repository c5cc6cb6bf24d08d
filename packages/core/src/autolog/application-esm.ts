import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { requireEsmNatively } from "./require-esm.js";
import { resolveEsmEntry, resolvePackageRoot } from "./resolve-esm-entry.js";

/** Folders walked up from a module to find its package's package.json, at most. */
const MAX_PACKAGE_DEPTH = 16;

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

/** The `dependencies` and `devDependencies` named by the package.json nearest to `file` (walking up). */
function declaredDependencies(file: string): string[] {
  let dir = path.dirname(file);
  for (let i = 0; i < MAX_PACKAGE_DEPTH; i++) {
    const manifest = path.join(dir, "package.json");
    if (existsSync(manifest)) {
      try {
        const pkg = JSON.parse(readFileSync(manifest, "utf8")) as { dependencies?: object; devDependencies?: object };
        return [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})];
      } catch {
        return [];
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return [];
    dir = parent;
  }
  return [];
}

/** The ES module files `specifier` maps to from `base` itself and from each of its declared dependencies picked. */
function entriesFrom(specifier: string, base: string, through: (dependency: string) => boolean): Set<string> {
  const entries = new Set<string>();
  const own = resolveEsmEntry(specifier, base);
  if (own) entries.add(own);
  for (const dependency of declaredDependencies(base).filter(through)) {
    const root = resolvePackageRoot(dependency, base);
    const theirs = root && resolveEsmEntry(specifier, path.join(root, "package.json"));
    if (theirs) entries.add(theirs);
  }
  return entries;
}

/**
 * The real paths of the ES modules that `import specifier` gives the application, directly and through the
 * packages it declares: from the first of {@link applicationResolutionBases} that finds any, the file the
 * specifier maps to there, plus the one each dependency selected by `through` (named in the `dependencies` or
 * `devDependencies` of the package.json nearest to that base) maps it to from its own folder. A package manager
 * may give a framework's integrations a copy of its core other than the application's own (pnpm does when their
 * peer sets differ), and the application uses both. Empty in a CommonJS program (see {@link isEsModuleProgram}).
 * Reads only package.json files; loads nothing.
 *
 * @param specifier - A bare specifier: `"@langchain/core/callbacks/manager"`.
 * @param caller - The file of the module that called `autolog()` (from `callerFileOf`), if known.
 * @param through - Which declared dependencies to follow, e.g. `(name) => name.startsWith("@langchain/")`.
 */
export function applicationEsmEntries(specifier: string, caller: string | undefined, through: (dependency: string) => boolean): string[] {
  if (!isEsModuleProgram()) return [];
  for (const base of applicationResolutionBases(caller)) {
    const entries = entriesFrom(specifier, base, through);
    if (entries.size > 0) return [...entries];
  }
  return [];
}
