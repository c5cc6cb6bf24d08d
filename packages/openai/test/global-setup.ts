import { execFileSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";

const pkgDir = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** The subprocess tests load the built package as an application would: build it when dist is missing or stale. */
export default function setup(): void {
  let built = 0;
  try {
    built = Math.min(statSync(path.join(pkgDir, "dist", "index.js")).mtimeMs, statSync(path.join(pkgDir, "dist", "index.cjs")).mtimeMs);
  } catch {
    built = 0;
  }
  if (built < newestSource(path.join(pkgDir, "src"))) execFileSync("pnpm", ["exec", "tsup"], { cwd: pkgDir, stdio: "ignore" });
}
