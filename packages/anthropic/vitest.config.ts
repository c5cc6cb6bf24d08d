import { defineConfig } from "vitest/config";

export default defineConfig({
  // --expose-gc: the abandonment tests collect garbage to drop an APIPromise nobody awaits
  test: { testTimeout: 30_000, hookTimeout: 30_000, globalSetup: ["test/global-setup.ts"], pool: "forks", execArgv: ["--expose-gc"] },
});
