import { defineConfig } from "vitest/config";

export default defineConfig({
  // Examples whose framework needs other versions of shared dependencies are packages of their own, with their own tests.
  test: { exclude: ["**/node_modules/**", "mastra/**", "openai-agents/**"] },
});
