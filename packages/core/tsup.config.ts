import { defineConfig } from "tsup";

export default defineConfig({
  // store-writer: the local store's writer thread, loaded by path (see src/store/writer/locate-worker.ts).
  entry: { index: "src/index.ts", "store-writer": "src/store/writer/worker-main.ts" },
  format: ["esm", "cjs"],
  dts: { entry: { index: "src/index.ts" } },
  sourcemap: true,
  clean: true,
  target: "node20",
  // import.meta.url in the CommonJS build too (the SQLite driver is loaded with createRequire).
  shims: true,
});
