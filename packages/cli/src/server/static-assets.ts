import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** A file the viewer serves. */
export interface Asset {
  contentType: string;
  body: Buffer;
}

const FILES: Record<string, { file: string; contentType: string }> = {
  "/": { file: "index.html", contentType: "text/html; charset=utf-8" },
  "/app.js": { file: "app.js", contentType: "text/javascript; charset=utf-8" },
  "/styles.css": { file: "styles.css", contentType: "text/css; charset=utf-8" },
  "/favicon.svg": { file: "favicon.svg", contentType: "image/svg+xml" },
};

/** Where the built viewer lives: `web/` beside the bundled module. */
export function defaultAssetsDir(): string {
  return fileURLToPath(new URL("./web/", import.meta.url));
}

/** Loads the viewer's files (a fixed list, so no path from a request ever reaches the file system). */
export function loadAssets(dir: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const [route, { file, contentType }] of Object.entries(FILES)) {
    try {
      assets.set(route, { contentType, body: readFileSync(join(dir, file)) });
    } catch (err) {
      throw new Error(`The viewer's ${file} is missing from ${dir} (build the traceloom package first): ${(err as Error).message}`);
    }
  }
  return assets;
}
