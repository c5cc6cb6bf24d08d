import { defineConfig } from "vitest/config";

export default defineConfig({
  // --expose-gc: a test collects garbage to drop a stream its reader left after a break
  test: { testTimeout: 30_000, hookTimeout: 30_000, pool: "forks", execArgv: ["--expose-gc"] },
});
