import Module from "node:module";
import { logOnce } from "@traceloom/core";
import { looksLikeOpenAIModule } from "./find-copies.js";

type RequireFn = (this: unknown, id: string) => unknown;

/**
 * Calls `onOpenAI(exports)` whenever a CommonJS `require()` of an `openai` module (the package, or an alias such
 * as `openai-v4`) returns, so copies loaded after `autolog()` are patched too. Returns the function that removes
 * the hook.
 */
export function hookRequire(onOpenAI: (exports: unknown) => void): () => void {
  const proto = Module.prototype as unknown as { require: RequireFn };
  const original = proto.require;
  const hooked: RequireFn = function (this: unknown, id: string) {
    // eslint-disable-next-line prefer-rest-params
    const exports = original.apply(this, arguments as unknown as [string]);
    if (typeof id === "string" && id.includes("openai")) {
      try {
        if (looksLikeOpenAIModule(exports)) onOpenAI(exports);
      } catch (err) {
        logOnce("openai.requireHook", "could not patch a newly required openai module", err);
      }
    }
    return exports;
  };
  proto.require = hooked;
  return () => {
    if (proto.require === hooked) proto.require = original;
  };
}
