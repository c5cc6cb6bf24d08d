import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

/** The ES module copy of `openai` that @llamaindex/openai imports (its own dependency, not the app's). */
export async function openaiUsedByLlamaIndex(): Promise<unknown> {
  const fromLlamaIndexOpenAI = createRequire(createRequire(import.meta.url).resolve("@llamaindex/openai"));
  const packageDir = dirname(fromLlamaIndexOpenAI.resolve("openai"));
  return import(pathToFileURL(join(packageDir, "index.mjs")).href);
}
