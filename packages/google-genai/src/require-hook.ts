import { addRequireListener, removeRequireListener, type RequireListener } from "@traceloom/core";
import { looksLikeGenAIModule } from "./find-copies.js";
import { warnOnce } from "./log.js";

/**
 * Calls `onGenAI(exports)` whenever a CommonJS `require()` of a `@google/genai` module (the package, or an alias)
 * returns, so copies loaded after `autolog()` are patched too — through core's one process-wide require hook.
 * Returns the function that stops listening.
 */
export function hookRequire(onGenAI: (exports: unknown) => void): () => void {
  const listener: RequireListener = (id, exports) => {
    if (!id.includes("genai")) return;
    try {
      if (looksLikeGenAIModule(exports)) onGenAI(exports);
    } catch (err) {
      warnOnce("google-genai.requireHook", "could not patch a newly required @google/genai module", err);
    }
  };
  addRequireListener(listener);
  return () => removeRequireListener(listener);
}
