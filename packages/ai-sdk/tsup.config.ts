import { defineConfig } from "tsup";

export default defineConfig({
  // register: the preload entry; esm-hooks and v6-wrappers: the modules it has Node load by URL.
  entry: ["src/index.ts", "src/register.ts", "src/esm-hooks.ts", "src/v6-wrappers.ts"],
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  // import.meta.url in the CommonJS build of register (it locates esm-hooks.js).
  shims: true,
  target: "node20",
});
