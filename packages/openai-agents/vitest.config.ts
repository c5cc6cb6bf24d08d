import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    pool: "forks",
    testTimeout: 30_000,
    globalSetup: ["test/global-setup.ts"],
    // No key for the SDK's own OpenAI trace exporter: it skips its uploads instead of calling api.openai.com.
    env: { OPENAI_API_KEY: "" },
  },
});
