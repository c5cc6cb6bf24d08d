import { withActiveSpan } from "@traceloom/core";
import { warnOnce } from "../log.js";
import { runSpan } from "../runs/run-registry.js";
import { pluginState } from "../state.js";
import { applyPatch } from "./apply-patch.js";
import { runIteratorInSpan } from "./run-in-span.js";

type Method = (this: unknown, ...args: unknown[]) => unknown;
type RunManagerLike = { runId?: string } | undefined;

/** The prototype in `proto`'s chain, below `base`, that defines `key` itself. */
function ownerOf(proto: object | null, key: string, base: object): object | undefined {
  for (let p = proto, depth = 0; p && p !== base && depth < 50; p = Object.getPrototypeOf(p), depth++) {
    if (Object.prototype.hasOwnProperty.call(p, key)) return p;
  }
  return undefined;
}

function isPatched(target: object, key: string): boolean {
  return pluginState().patches.some((p) => p.target === target && p.key === key);
}

/** `_generate(messages, options, runManager)` runs with the model run's span active. */
function patchGenerate(owner: object): void {
  const original = (owner as Record<string, Method>)._generate;
  applyPatch(owner, "_generate", function (this: unknown, ...args: unknown[]) {
    const span = runSpan((args[2] as RunManagerLike)?.runId);
    return span ? withActiveSpan(span, () => original.apply(this, args)) : original.apply(this, args);
  });
}

/** `_streamResponseChunks(messages, options, runManager)`: each step of the stream runs with the run's span active. */
function patchStream(owner: object): void {
  const original = (owner as Record<string, Method>)._streamResponseChunks;
  applyPatch(owner, "_streamResponseChunks", function (this: unknown, ...args: unknown[]) {
    const span = runSpan((args[2] as RunManagerLike)?.runId);
    const result = original.apply(this, args);
    if (!span || !result || typeof result !== "object") return result;
    try {
      return runIteratorInSpan(result, span);
    } catch (err) {
      warnOnce("langchain.stream-context", "could not nest a model stream's calls under its span", err);
      return result;
    }
  });
}

/**
 * Makes the model's own `_generate` / `_streamResponseChunks` (found on the instance's class, once per class) run
 * with the model run's span active, so a raw SDK call inside — e.g. traced by the OpenAI autolog — nests under the
 * ChatOpenAI span instead of beside it.
 */
function instrumentModelClass(instance: unknown, base: object): void {
  const state = pluginState();
  const proto = instance && typeof instance === "object" ? Object.getPrototypeOf(instance) : null;
  if (!proto || state.patched.has(proto)) return;
  state.patched.add(proto);
  const generateOwner = ownerOf(proto, "_generate", base);
  if (generateOwner && !isPatched(generateOwner, "_generate")) patchGenerate(generateOwner);
  const streamOwner = ownerOf(proto, "_streamResponseChunks", base);
  if (streamOwner && !isPatched(streamOwner, "_streamResponseChunks")) patchStream(streamOwner);
}

/**
 * Patches a base model class (`BaseChatModel` or `BaseLLM` of one copy of @langchain/core): its `_generateUncached`
 * and `_streamIterator` find the concrete model class on first use and instrument it (see above). The calls themselves
 * are passed through untouched.
 */
export function patchModelBase(BaseModel: { prototype: object }): void {
  const state = pluginState();
  const base = BaseModel.prototype;
  if (!base || state.patched.has(base)) return;
  state.patched.add(base);
  for (const key of ["_generateUncached", "_streamIterator"]) {
    const original = (base as Record<string, Method>)[key];
    if (typeof original !== "function") continue;
    applyPatch(base, key, function (this: unknown, ...args: unknown[]) {
      const state = pluginState();
      if (state.installed || state.modelContext) {
        try {
          instrumentModelClass(this, base);
        } catch (err) {
          warnOnce("langchain.model-class", "could not instrument a LangChain model class", err);
        }
      }
      return original.apply(this, args);
    });
  }
}
