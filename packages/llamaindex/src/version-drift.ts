import { realpathSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** Packages whose own `@llamaindex/core` must be the one traceloom patches. */
const DEPENDENTS = ["llamaindex", "@llamaindex/openai", "@llamaindex/workflow", "@llamaindex/node-parser"];

function coreDirFrom(requireFrom: NodeJS.Require): string | undefined {
  try {
    return realpathSync(dirname(requireFrom.resolve("@llamaindex/core/package.json")));
  } catch {
    return undefined;
  }
}

function packageDirFrom(requireFrom: NodeJS.Require, name: string): string | undefined {
  try {
    return dirname(requireFrom.resolve(`${name}/package.json`));
  } catch {
    return undefined;
  }
}

/**
 * The distinct installed copies of `@llamaindex/core` reachable from `fromDirs` (the app's folder, ours) and from
 * the LlamaIndex packages found there, as real paths. More than one means events and patches of one copy miss the
 * classes of the other.
 */
export function findLlamaIndexCoreCopies(fromDirs: string[]): string[] {
  const copies = new Set<string>();
  for (const dir of fromDirs) {
    const requireFrom = createRequire(join(dir, "noop.js"));
    const own = coreDirFrom(requireFrom);
    if (own) copies.add(own);
    for (const name of DEPENDENTS) {
      const pkgDir = packageDirFrom(requireFrom, name);
      if (!pkgDir) continue;
      const theirs = coreDirFrom(createRequire(join(pkgDir, "package.json")));
      if (theirs) copies.add(theirs);
    }
  }
  return [...copies].sort();
}

/** The warning printed when more than one copy is found. */
export function driftWarning(copies: string[]): string {
  return (
    `[traceloom] ${copies.length} copies of @llamaindex/core are installed, so LlamaIndex events and classes of one ` +
    `copy are invisible to the other and parts of your traces will be missing:\n  ${copies.join("\n  ")}\n` +
    `Pin llamaindex and every @llamaindex/* package to versions that depend on the same @llamaindex/core ` +
    `(e.g. llamaindex 0.12.1 with @llamaindex/openai 0.4.22 and @llamaindex/workflow 1.1.24).`
  );
}
