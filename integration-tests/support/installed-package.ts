import { existsSync, readFileSync, realpathSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * The real folder of the package `name` that Node's `node_modules` lookup finds from the folder `from` (itself, then
 * its ancestors), following pnpm's symlinks; undefined when none is installed there.
 */
export function installedPackageDir(name: string, from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", name, "package.json");
    if (existsSync(candidate)) return dirname(realpathSync(candidate));
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * The version of `path[path.length - 1]` as seen along a chain of packages from the app's folder: `["@langchain/openai",
 * "openai"]` is the openai that the app's @langchain/openai resolves.
 */
export function installedVersion(appDir: string, ...path: string[]): string | undefined {
  let dir: string | undefined = appDir;
  for (const name of path) {
    dir = dir && installedPackageDir(name, dir);
  }
  return dir && (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version: string }).version;
}
