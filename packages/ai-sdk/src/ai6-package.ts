import { readFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

/** The main entry files of an installed ai 6 package. */
interface Entries {
  import: string | undefined;
  require: string | undefined;
}

/** Per directory: the entries of the ai 6 package rooted there, `null` for another package, absent when unknown. */
const packages = new Map<string, Entries | null | "none">();

function entryPath(dir: string, target: unknown): string | undefined {
  return typeof target === "string" ? resolve(dir, target) : undefined;
}

/** The package rooted at `dir`: "none" when it holds no named package.json (a nested `{ "type" }` one, or none). */
function packageAt(dir: string): Entries | null | "none" {
  let known = packages.get(dir);
  if (known !== undefined) return known;
  known = "none";
  try {
    const json = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Record<string, any>;
    if (typeof json.name === "string") {
      const main = json.exports?.["."];
      known =
        json.name === "ai" && typeof json.version === "string" && json.version.startsWith("6.")
          ? { import: entryPath(dir, main?.import ?? json.module), require: entryPath(dir, main?.require ?? json.main) }
          : null;
    }
  } catch {
    // no readable package.json here: look further up
  }
  packages.set(dir, known);
  return known;
}

/**
 * Which main entry of an `ai` 6 package `file` is: its ES module (`"import"`), its CommonJS module (`"require"`),
 * or neither. The package is the one whose package.json is nearest above `file` and says `"name": "ai"` with a 6.x
 * version — however the application named it (`"ai6": "npm:ai@6"` too). Other entries (`ai/test`, …) are neither.
 */
export function ai6EntryKind(file: string): "import" | "require" | undefined {
  // ai's main entries are dist/index.mjs and dist/index.js: any other file is settled without reading the disk.
  const name = basename(file);
  if (name !== "index.mjs" && name !== "index.js") return undefined;
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const entries = packageAt(dir);
    if (entries === null) return undefined;
    if (entries !== "none") return file === entries.import ? "import" : file === entries.require ? "require" : undefined;
    if (dirname(dir) === dir) return undefined;
  }
}
