import { execFileSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";

const pkgDir = path.resolve(import.meta.dirname, "..");

/** The newest modification time of the files under `dir` (src is a few levels deep). */
function newestSource(dir: string, depth = 0): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = depth < 8 ? Math.max(newest, newestSource(full, depth + 1)) : newest;
    else newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/** The applications in child processes load this package by name, from dist: build it when missing or older than src. */
export default function setup(): void {
  let built = 0;
  try {
    built = Math.min(statSync(path.join(pkgDir, "dist", "index.js")).mtimeMs, statSync(path.join(pkgDir, "dist", "index.cjs")).mtimeMs);
  } catch {
    built = 0;
  }
  if (built < newestSource(path.join(pkgDir, "src"))) execFileSync("pnpm", ["exec", "tsup"], { cwd: pkgDir, stdio: "ignore" });
}
