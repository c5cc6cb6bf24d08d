import { addRequireListener, removeRequireListener, type RequireListener } from "@traceloom/core";
import { looksLikeOpenAIModule } from "./find-copies.js";
import { warnOnce } from "./log.js";

/**
 * Calls `onOpenAI(exports)` whenever a CommonJS `require()` of an `openai` module (the package, or an alias such
 * as `openai-v4`) returns, so copies loaded after `autolog()` are patched too — through core's one process-wide
 * require hook, shared with the other plugins. Returns the function that stops listening (the hook itself goes
 * away with its last listener).
 */
export function hookRequire(onOpenAI: (exports: unknown) => void): () => void {
  const listener: RequireListener = (id, exports) => {
    if (!id.includes("openai")) return;
    try {
      if (looksLikeOpenAIModule(exports)) onOpenAI(exports);
    } catch (err) {
      warnOnce("openai.requireHook", "could not patch a newly required openai module", err);
    }
  };
  addRequireListener(listener);
  return () => removeRequireListener(listener);
}
