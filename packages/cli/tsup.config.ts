import { defineConfig } from "tsup";

const bundled = ["@traceloom/testkit"];

export default defineConfig([
  {
    entry: { index: "src/index.ts" },
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    shims: true,
    target: "node20",
    noExternal: bundled,
  },
  {
    // The viewer's query thread, loaded by path (new Worker) from beside index.js / index.cjs.
    entry: { "query-worker": "src/server/query-worker.ts" },
    format: ["esm"],
    sourcemap: true,
    target: "node20",
    noExternal: bundled,
  },
  {
    entry: { bin: "src/bin.ts" },
    format: ["esm"],
    sourcemap: true,
    target: "node20",
    noExternal: bundled,
  },
  {
    entry: { app: "src/web/app/main.ts" },
    outDir: "dist/web",
    format: ["iife"],
    platform: "browser",
    target: "es2020",
    outExtension: () => ({ js: ".js" }),
    publicDir: "src/web/public",
  },
]);
