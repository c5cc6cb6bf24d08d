import { existsSync, readFileSync, realpathSync } from "node:fs";
import Module, { createRequire } from "node:module";
import path from "node:path";

/** The export conditions Node's ES module loader matches (`import` in Node >= 20.19), in no particular order. */
const IMPORT_CONDITIONS = new Set(["node", "import", "module-sync", "default"]);

/** How deep condition objects are followed in an `exports` map. */
const MAX_CONDITION_DEPTH = 8;

/** Folders walked up from a module to find the `package.json` that decides its format, at most. */
const MAX_PACKAGE_DEPTH = 16;

type Manifest = { name?: string; type?: string; main?: string; exports?: unknown };

function readManifest(dir: string): Manifest | undefined {
  try {
    return JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as Manifest;
  } catch {
    return undefined;
  }
}

/** `"@scope/name/sub/path"` → `["@scope/name", "./sub/path"]`; `"name"` → `["name", "."]`. */
function splitSpecifier(specifier: string): [string, string] {
  const parts = specifier.split("/");
  const nameLength = specifier.startsWith("@") ? 2 : 1;
  const rest = parts.slice(nameLength).join("/");
  return [parts.slice(0, nameLength).join("/"), rest ? `./${rest}` : "."];
}

/**
 * The folders `import` searches for package `name` from `fromFile`: those `require` searches minus the global ones
 * it appends last (NODE_PATH — which package managers' bin shims set — `~/.node_modules`…), which `import` ignores.
 */
function importLookupPaths(name: string, fromFile: string): string[] {
  const all = createRequire(fromFile).resolve.paths(name) ?? [];
  const globals = (Module as unknown as { globalPaths?: string[] }).globalPaths ?? [];
  const tail = all.length - globals.length;
  return tail >= 0 && globals.every((dir, i) => all[tail + i] === dir) ? all.slice(0, tail) : all;
}

/** The real path of the folder package `name` is found in from `fromFile`, looked up the way `import` does. */
function packageRootOf(name: string, fromFile: string): string | undefined {
  for (const dir of importLookupPaths(name, fromFile)) {
    const candidate = path.join(dir, name);
    if (existsSync(path.join(candidate, "package.json"))) return realpathSync(candidate);
  }
  return undefined;
}

/** The target a conditions value selects for an ES module import (first matching condition in key order). */
function conditionalTarget(value: unknown, star: string | undefined, depth = 0): string | undefined {
  if (typeof value === "string") return star === undefined ? value : value.replaceAll("*", star);
  if (depth >= MAX_CONDITION_DEPTH || value === null || typeof value !== "object") return undefined;
  if (Array.isArray(value)) {
    for (const item of value) {
      const target = conditionalTarget(item, star, depth + 1);
      if (target !== undefined) return target;
    }
    return undefined;
  }
  for (const [condition, nested] of Object.entries(value)) {
    if (!IMPORT_CONDITIONS.has(condition)) continue;
    const target = conditionalTarget(nested, star, depth + 1);
    if (target !== undefined) return target;
  }
  return undefined;
}

/** The `exports` value for `subpath`: an exact key, else the `*` pattern with the longest prefix. */
function exportsValue(exports: unknown, subpath: string): { value: unknown; star?: string } | undefined {
  const isSubpathMap = !!exports && typeof exports === "object" && !Array.isArray(exports) && Object.keys(exports).some((k) => k.startsWith("."));
  if (!isSubpathMap) return subpath === "." ? { value: exports } : undefined;
  const map = exports as Record<string, unknown>;
  if (Object.hasOwn(map, subpath)) return { value: map[subpath] };
  let best: { value: unknown; star: string; prefix: number } | undefined;
  for (const key of Object.keys(map)) {
    const at = key.indexOf("*");
    if (at < 0) continue;
    const prefix = key.slice(0, at);
    const suffix = key.slice(at + 1);
    if (subpath.length < key.length - 1 || !subpath.startsWith(prefix) || !subpath.endsWith(suffix)) continue;
    if (best && best.prefix >= prefix.length) continue;
    best = { value: map[key], star: subpath.slice(prefix.length, subpath.length - suffix.length), prefix: prefix.length };
  }
  return best;
}

/** The file `subpath` of the package at `root` maps to for `import`, when the package says. */
function entryFile(root: string, manifest: Manifest, subpath: string): string | undefined {
  if (manifest.exports === undefined) {
    const file = path.join(root, subpath === "." ? (manifest.main ?? "index.js") : subpath);
    return existsSync(file) ? file : undefined;
  }
  const found = exportsValue(manifest.exports, subpath);
  const target = found && conditionalTarget(found.value, found.star);
  return target?.startsWith("./") ? path.join(root, target) : undefined;
}

/** Whether Node loads `file` as an ES module: `.mjs`, or `.js` under a `"type": "module"` package.json. */
function isEsModuleFile(file: string): boolean {
  if (file.endsWith(".mjs")) return true;
  if (!file.endsWith(".js")) return false;
  let dir = path.dirname(file);
  for (let i = 0; i < MAX_PACKAGE_DEPTH; i++) {
    const manifest = existsSync(path.join(dir, "package.json")) ? readManifest(dir) : undefined;
    if (manifest) return manifest.type === "module";
    const parent = path.dirname(dir);
    if (parent === dir) return false;
    dir = parent;
  }
  return false;
}

/**
 * The real path of the folder of the package that `import specifier` finds from the module `fromFile` (Node's
 * `node_modules` lookup, without the NODE_PATH folders that only `require` searches), or undefined when it is
 * not installed where that module can see it.
 *
 * @param specifier - A bare specifier: a package name, optionally followed by a subpath.
 * @param fromFile - An absolute path of the importing module (any file in the folder works).
 */
export function resolvePackageRoot(specifier: string, fromFile: string): string | undefined {
  return packageRootOf(splitSpecifier(specifier)[0], fromFile);
}

/**
 * The real path of the ES module that `import specifier` (a bare package specifier such as `"openai"` or
 * `"@langchain/core/callbacks/manager"`) resolves to from the module `fromFile`, following the package's
 * `exports` map with Node's import conditions (`node`, `import`, `module-sync`, `default`). Undefined when the
 * package is not found from there, does not export that subpath, or maps it to a CommonJS file (a copy that
 * `require.cache` and a `require` hook see instead). Reads only package.json files; loads nothing.
 *
 * @param specifier - A bare specifier: a package name, optionally followed by an exported subpath.
 * @param fromFile - An absolute path of the importing module (any file in the folder works).
 */
export function resolveEsmEntry(specifier: string, fromFile: string): string | undefined {
  const [name, subpath] = splitSpecifier(specifier);
  const root = packageRootOf(name, fromFile);
  const manifest = root && readManifest(root);
  if (!root || !manifest) return undefined;
  const file = entryFile(root, manifest, subpath);
  if (!file || !existsSync(file) || !isEsModuleFile(file)) return undefined;
  return realpathSync(file);
}
