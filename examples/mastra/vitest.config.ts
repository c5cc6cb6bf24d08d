import { defineConfig } from "vitest/config";

// Mastra loads slowly on a busy machine; its program test has its own longer timeout.
export default defineConfig({ test: { testTimeout: 60_000 } });
