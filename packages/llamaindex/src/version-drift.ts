import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { applicationResolutionBases, resolvePackageRoot } from "@traceloom/core";
import { installedLlamaIndexPackages } from "./copies/provider-packages.js";
import { warnOnce } from "./runtime/log.js";

/** Packages named here even when not installed at the application's level (they may sit deeper, under pnpm). */
const KNOWN_DEPENDENTS = ["llamaindex", "@llamaindex/openai", "@llamaindex/workflow", "@llamaindex/node-parser"];

const CORE = "@llamaindex/core";

/** How many packages deep dependencies of LlamaIndex packages are followed. */
const MAX_DEPTH = 3;

function isLlamaIndexPackage(name: string): boolean {
  return (name === "llamaindex" || name.startsWith("@llamaindex/")) && name !== CORE;
}

/** Every package a package.json depends on (any role). */
function dependencyNames(manifestFile: string): string[] {
  try {
    const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as Record<string, object | undefined>;
    return [...new Set(["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"].flatMap((group) => Object.keys(manifest[group] ?? {})))];
  } catch {
    return [];
  }
}

/**
 * The distinct installed copies of `@llamaindex/core` reachable from `fromDirs` (an application's folders) and from
 * every LlamaIndex package found there — the well-known ones, each `@llamaindex/*` installed where the application
 * can import it (any provider, pinned to whatever core), those the application's package.json names, and their own
 * LlamaIndex dependencies up to three deep, each that declares `@llamaindex/core` — as real paths, sorted, found the way `import` finds them. More than one
 * means the events, settings and classes of one copy are invisible to the other. Reads only folders and
 * package.json files.
 */
export function findLlamaIndexCoreCopies(fromDirs: string[]): string[] {
  const copies = new Set<string>();
  const visited = new Set<string>();
  for (const dir of fromDirs) {
    const from = join(dir, "package.json");
    const own = resolvePackageRoot(CORE, from);
    if (own) copies.add(own);
    const names = new Set([...KNOWN_DEPENDENTS, ...installedLlamaIndexPackages(from), ...dependencyNames(from)]);
    const queue = [...names].filter(isLlamaIndexPackage).map((name) => ({ name, from, depth: 1 }));
    while (queue.length > 0) {
      const { name, from: base, depth } = queue.shift()!;
      const root = resolvePackageRoot(name, base);
      if (!root || visited.has(root)) continue;
      visited.add(root);
      const manifest = join(root, "package.json");
      const dependencies = dependencyNames(manifest);
      // only a package that declares the core uses it (pnpm's hidden hoisting would resolve one for any package)
      const theirs = dependencies.includes(CORE) ? resolvePackageRoot(CORE, manifest) : undefined;
      if (theirs) copies.add(theirs);
      if (depth < MAX_DEPTH) for (const dependency of dependencies.filter(isLlamaIndexPackage)) queue.push({ name: dependency, from: manifest, depth: depth + 1 });
    }
  }
  return [...copies].sort();
}

/** The warning printed when more than one copy is found. */
export function driftWarning(copies: string[]): string {
  return (
    `${copies.length} copies of @llamaindex/core are installed for your application. Each has its own classes, ` +
    `Settings and callback manager, so models, handlers and settings of one copy do not reach the other, and ` +
    `traceloom can miss the spans of a copy it cannot see from your application:\n  ${copies.join("\n  ")}\n` +
    `Pin llamaindex and every @llamaindex/* package to versions that depend on the same @llamaindex/core ` +
    `(e.g. llamaindex 0.12.1 with @llamaindex/openai 0.4.22 and @llamaindex/workflow 1.1.24).`
  );
}

/**
 * Warns once when the application has more than one copy of `@llamaindex/core`: the copies found from the first of
 * the application's folders that has any — that of `caller` (the file that called `autolog()`), of the entry
 * script, the working directory. This package's own copy does not count: it is not patched unless the
 * application uses it.
 */
export function warnAboutDrift(caller: string | undefined): void {
  for (const base of applicationResolutionBases(caller)) {
    const copies = findLlamaIndexCoreCopies([dirname(base)]);
    if (copies.length === 0) continue;
    if (copies.length > 1) warnOnce("llamaindex.drift", driftWarning(copies));
    return;
  }
}
