import type { LiveSpan } from "@traceloom/core";
import { ensureMirror, isLookingOutside } from "./mirror.js";
import type { SdkSpan } from "./sdk-types.js";

/** Where every copy of `@openai/agents-core` (0.15 and later) keeps its current trace and span. */
const SDK_CONTEXT = Symbol.for("openai.agents.core.asyncLocalStorage");

interface SdkContextStore {
  span?: SdkSpan;
  active?: boolean;
}

/**
 * The traceloom span mirroring the SDK span current in this async context, for core's `activeSpan()`: an OpenAI
 * request the SDK makes inside a `response` span, or the user's `withSpan()` inside a tool, nests under it.
 */
export function currentMirroredSpan(): LiveSpan | undefined {
  if (isLookingOutside()) return undefined;
  const als = (globalThis as Record<symbol, { getStore?: () => unknown } | undefined>)[SDK_CONTEXT];
  const store = als?.getStore?.() as SdkContextStore | undefined;
  if (!store?.active || !store.span) return undefined;
  return ensureMirror(store.span)?.span;
}
