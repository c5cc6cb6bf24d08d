import { addRequireListener, removeRequireListener, type RequireListener } from "@traceloom/core";
import { looksLikeAnthropicModule } from "./find-copies.js";
import { warnOnce } from "./log.js";

/**
 * Calls `onSdk(exports)` whenever a CommonJS `require()` of the SDK (or an alias such as `anthropic-v0`) returns,
 * through core's one process-wide require hook. Returns the function that stops listening.
 */
export function hookRequire(onSdk: (exports: unknown) => void): () => void {
  const listener: RequireListener = (id, exports) => {
    if (!id.includes("anthropic")) return;
    try {
      if (looksLikeAnthropicModule(exports)) onSdk(exports);
    } catch (err) {
      warnOnce("anthropic.requireHook", "could not patch a newly required @anthropic-ai/sdk module", err);
    }
  };
  addRequireListener(listener);
  return () => removeRequireListener(listener);
}
