import { dirname, join } from "node:path";
import { applicationResolutionBases, resolvePackageRoot } from "@traceloom/core";
import { warnOnce } from "./runtime/log.js";

/** Packages whose own `@llamaindex/core` must be the one traceloom patches. */
const DEPENDENTS = ["llamaindex", "@llamaindex/openai", "@llamaindex/workflow", "@llamaindex/node-parser"];

const CORE = "@llamaindex/core";

/**
 * The distinct installed copies of `@llamaindex/core` reachable from `fromDirs` (an application's folders) and from
 * the LlamaIndex packages found there, as real paths, sorted — found the way `import` finds them. More than one
 * means the events, settings and classes of one copy are invisible to the other.
 */
export function findLlamaIndexCoreCopies(fromDirs: string[]): string[] {
  const copies = new Set<string>();
  for (const dir of fromDirs) {
    const from = join(dir, "package.json");
    const own = resolvePackageRoot(CORE, from);
    if (own) copies.add(own);
    for (const name of DEPENDENTS) {
      const pkgDir = resolvePackageRoot(name, from);
      const theirs = pkgDir && resolvePackageRoot(CORE, join(pkgDir, "package.json"));
      if (theirs) copies.add(theirs);
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
