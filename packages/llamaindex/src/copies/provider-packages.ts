import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { applicationResolutionBases, resolvePackageRoot } from "@traceloom/core";

/** Folders walked up from a resolution base, looking for `node_modules/@llamaindex`, at most. */
const MAX_FOLDER_DEPTH = 32;

/** The package names in the `node_modules/@llamaindex` folders that `import` searches from `base`. */
export function installedLlamaIndexPackages(base: string): Set<string> {
  const names = new Set<string>();
  let dir = path.dirname(base);
  for (let i = 0; i < MAX_FOLDER_DEPTH; i++) {
    try {
      for (const entry of readdirSync(path.join(dir, "node_modules", "@llamaindex"))) names.add(`@llamaindex/${entry}`);
    } catch {
      // No LlamaIndex package installed at this level.
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return names;
}

/**
 * Whether the installed package at `root` is one of LlamaIndex's provider packages, which hold its models
 * (`@llamaindex/openai`, `@llamaindex/anthropic`, `@llamaindex/ollama`…): LlamaIndex publishes them from
 * `packages/providers/` of its repository, and its vector stores, which hold no models, from
 * `packages/providers/storage/`.
 */
function isModelProviderPackage(root: string): boolean {
  try {
    const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { repository?: { directory?: unknown } };
    const directory = manifest.repository?.directory;
    return typeof directory === "string" && directory.startsWith("packages/providers/") && !directory.startsWith("packages/providers/storage/");
  } catch {
    return false;
  }
}

/**
 * The LlamaIndex provider packages (`@llamaindex/openai`…) that the application can import: those installed where
 * `import` looks from the first of its resolution bases (the file that called `autolog()`, the entry script, the
 * working directory) that finds any. Reads only folders and package.json files; loads nothing.
 */
export function applicationProviderPackages(caller: string | undefined): string[] {
  for (const base of applicationResolutionBases(caller)) {
    const providers = [...installedLlamaIndexPackages(base)].filter((name) => {
      const root = resolvePackageRoot(name, base);
      return root !== undefined && isModelProviderPackage(root);
    });
    if (providers.length > 0) return providers;
  }
  return [];
}
