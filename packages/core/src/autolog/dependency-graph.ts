import { readFileSync } from "node:fs";
import path from "node:path";
import { applicationResolutionBases } from "./application-esm.js";
import { resolveEsmEntry, resolvePackageRoot } from "./resolve-esm-entry.js";

/** How many packages deep the walk follows dependencies of dependencies. */
const MAX_DEPTH = 4;
/** Packages visited at most (a guard against a pathological graph). */
const MAX_PACKAGES = 400;

type Manifest = { dependencies?: object; devDependencies?: object; peerDependencies?: object; optionalDependencies?: object };

function manifestAt(file: string): Manifest | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Manifest;
  } catch {
    return undefined;
  }
}

/** The package.json nearest to `file` (walking up), or undefined. */
function nearestManifest(file: string): string | undefined {
  let dir = path.dirname(file);
  for (let i = 0; i < 16; i++) {
    const candidate = path.join(dir, "package.json");
    if (manifestAt(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

/** Every package name a manifest depends on, in any role. */
function dependencyNames(manifest: Manifest): string[] {
  const names = new Set<string>();
  for (const group of [manifest.dependencies, manifest.devDependencies, manifest.peerDependencies, manifest.optionalDependencies]) {
    for (const name of Object.keys(group ?? {})) names.add(name);
  }
  return [...names];
}

/** What {@link esmEntriesInDependencyGraph} found: the entry files, and the package folders it looked from. */
export interface GraphEntries {
  /** Real paths of the distinct ES module files `import specifier` gives, from any of the folders searched. */
  entries: string[];
  /** Those of `entries` the application itself resolves (from its own folders, not through a dependency). */
  direct: string[];
  /** The folders (application bases and package roots) `specifier` was resolved from. */
  searched: string[];
}

/**
 * The ES module files that `import specifier` resolves to anywhere the application's dependency graph can import it
 * from: from the application itself (see `applicationResolutionBases`), and from the folder of every package
 * reached through dependencies that `through` accepts, up to four packages deep — so a framework's own copy is found
 * whatever the layout: pnpm's strict one (each package sees its own dependencies), npm's hoisting, nested majors.
 * Reads only package.json files; loads no module.
 *
 * @param specifier - A bare specifier: `"openai"`.
 * @param caller - The file of the module that called `autolog()` (from `callerFileOf`), if known.
 * @param through - Which dependencies to walk into, e.g. LangChain and LlamaIndex packages.
 */
export function esmEntriesInDependencyGraph(specifier: string, caller: string | undefined, through: (name: string) => boolean): GraphEntries {
  const entries = new Set<string>();
  const direct = new Set<string>();
  const searched: string[] = [];
  const visited = new Set<string>();
  const queue: Array<{ from: string; depth: number }> = [];
  for (const base of applicationResolutionBases(caller)) {
    const manifest = nearestManifest(base);
    const key = manifest ?? base;
    if (visited.has(key)) continue;
    visited.add(key);
    queue.push({ from: manifest ?? base, depth: 0 });
  }
  while (queue.length > 0 && visited.size <= MAX_PACKAGES) {
    const { from, depth } = queue.shift()!;
    searched.push(path.dirname(from));
    const entry = resolveEsmEntry(specifier, from);
    if (entry) entries.add(entry);
    if (entry && depth === 0) direct.add(entry);
    const manifest = depth < MAX_DEPTH ? manifestAt(from) : undefined;
    for (const name of manifest ? dependencyNames(manifest).filter(through) : []) {
      const root = resolvePackageRoot(name, from);
      const next = root && path.join(root, "package.json");
      if (!next || visited.has(next)) continue;
      visited.add(next);
      queue.push({ from: next, depth: depth + 1 });
    }
  }
  return { entries: [...entries], direct: [...direct], searched };
}
