import { transform } from "esbuild";
import { defineConfig, type Plugin } from "vitest/config";

// Vite 8's Oxc transform leaves TC39 decorators untouched (Node 20 cannot run them); esbuild lowers them.
const lowerDecorators: Plugin = {
  name: "lower-tc39-decorators",
  enforce: "pre",
  async transform(code, id) {
    if (!id.endsWith(".ts") || !/^\s*@\w/m.test(code)) return null;
    const out = await transform(code, { loader: "ts", target: "es2022", keepNames: true, sourcefile: id, sourcemap: true });
    return { code: out.code, map: out.map };
  },
};

export default defineConfig({
  plugins: [lowerDecorators],
  test: {
    include: ["test/**/*.test.ts"],
    pool: "forks",
    testTimeout: 30_000,
    execArgv: ["--expose-gc"],
  },
});
