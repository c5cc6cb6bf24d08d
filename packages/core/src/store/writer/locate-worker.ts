import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * The built writer-thread script: beside the bundle that loaded this code (dist/index.js or .cjs), or — when
 * traceloom runs from its source tree, as in its own tests — in the package's dist. Undefined when neither exists
 * (e.g. traceloom bundled into an application): then writes stay on the calling thread.
 */
export function writerScriptPath(): string | undefined {
  const candidates = [new URL("./store-writer.js", import.meta.url), new URL("../../../dist/store-writer.js", import.meta.url)];
  for (const url of candidates) {
    if (url.protocol !== "file:") continue;
    const path = fileURLToPath(url);
    if (existsSync(path)) return path;
  }
  return undefined;
}
