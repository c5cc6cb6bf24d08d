import { defineConfig } from "vitest/config";

// One file at a time: these tests start real servers and install real apps on a 2-core machine.
export default defineConfig({
  test: {
    include: ["{mlflow,installed-apps,store}/**/*.test.ts"],
    pool: "forks",
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
