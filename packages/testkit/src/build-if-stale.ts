import { execFileSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";

/** The newest modification time of the files under `dir`, at most `depth` folders down. */
function newestFile(dir: string, depth = 8): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = depth > 0 ? Math.max(newest, newestFile(full, depth - 1)) : newest;
    else newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * Builds a package (`pnpm exec tsup` in `packageDir`) when its `dist/index.js` or `dist/index.cjs` is missing or
 * older than anything in `src/`: for vitest global setups of packages whose tests run applications in child
 * processes that load the package by name, from `dist`.
 */
export function buildIfStale(packageDir: string): void {
  let built = 0;
  try {
    built = Math.min(
      statSync(path.join(packageDir, "dist", "index.js")).mtimeMs,
      statSync(path.join(packageDir, "dist", "index.cjs")).mtimeMs,
    );
  } catch {
    built = 0;
  }
  if (built < newestFile(path.join(packageDir, "src"))) execFileSync("pnpm", ["exec", "tsup"], { cwd: packageDir, stdio: "ignore" });
}
