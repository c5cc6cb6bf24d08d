import { defineConfig } from "vitest/config";

export default defineConfig({
  // openai-agents/ is a package of its own (the Agents SDK needs zod 4): it runs its own tests.
  test: { exclude: ["**/node_modules/**", "openai-agents/**"] },
});
