import { existsSync, readFileSync, realpathSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** Packages whose own `@llamaindex/core` must be the one traceloom patches. */
const DEPENDENTS = ["llamaindex", "@llamaindex/openai", "@llamaindex/workflow", "@llamaindex/node-parser"];

/** An entry point every @llamaindex/core 0.6 exports (its `package.json` is not exported). */
const CORE_ENTRY = "@llamaindex/core/global";

/** Folders walked up from a resolved file to find its package's root, at most. */
const MAX_DEPTH = 12;

/** The real path of the root folder of package `name` that contains `file`, if found. */
function packageRoot(file: string, name: string): string | undefined {
  let dir = dirname(file);
  for (let i = 0; i < MAX_DEPTH; i++) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === name) return realpathSync(dir);
      } catch {
        // An unreadable manifest: keep walking up.
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

function resolveRoot(requireFrom: NodeJS.Require, request: string, name: string): string | undefined {
  try {
    return packageRoot(requireFrom.resolve(request), name);
  } catch {
    return undefined;
  }
}

/**
 * The distinct installed copies of `@llamaindex/core` reachable from `fromDirs` (the app's folder, ours) and from
 * the LlamaIndex packages found there, as real paths, sorted. More than one means the events and patches of one
 * copy miss the classes of the other.
 */
export function findLlamaIndexCoreCopies(fromDirs: string[]): string[] {
  const copies = new Set<string>();
  for (const dir of fromDirs) {
    const requireFrom = createRequire(join(dir, "noop.js"));
    const own = resolveRoot(requireFrom, CORE_ENTRY, "@llamaindex/core");
    if (own) copies.add(own);
    for (const name of DEPENDENTS) {
      const pkgDir = resolveRoot(requireFrom, name, name);
      if (!pkgDir) continue;
      const theirs = resolveRoot(createRequire(join(pkgDir, "package.json")), CORE_ENTRY, "@llamaindex/core");
      if (theirs) copies.add(theirs);
    }
  }
  return [...copies].sort();
}

/** The warning printed when more than one copy is found. */
export function driftWarning(copies: string[]): string {
  return (
    `${copies.length} copies of @llamaindex/core are installed, so LlamaIndex events and classes of one copy are ` +
    `invisible to traceloom's patches of the other and parts of your traces will be missing:\n  ${copies.join("\n  ")}\n` +
    `Pin llamaindex and every @llamaindex/* package to versions that depend on the same @llamaindex/core ` +
    `(e.g. llamaindex 0.12.1 with @llamaindex/openai 0.4.22 and @llamaindex/workflow 1.1.24).`
  );
}
