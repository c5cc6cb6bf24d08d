import { warnOnce } from "./log.js";
import type { SdkTraceProvider, SdkTracingProcessor } from "./sdk-types.js";

/** Where every copy of `@openai/agents-core` (0.15 and later) keeps the one global trace provider. */
const PROVIDER = Symbol.for("openai.agents.core.traceProvider");

type Holder = Record<symbol, unknown>;

function isProvider(value: unknown): value is SdkTraceProvider {
  const p = value as SdkTraceProvider | null;
  return typeof p === "object" && p !== null && typeof p.registerProcessor === "function" && typeof p.setProcessors === "function";
}

/**
 * Adds `processor` to `provider`, and keeps it there: `setTraceProcessors([...])` — which `@openai/agents` itself
 * calls when it loads, to install its OpenAI exporter, and which users call to choose their exporters — replaces
 * the list, so the provider's `setProcessors` gets ours appended to whatever list it is given. The SDK's list is
 * otherwise left exactly as the user configured it. Returns the function that puts `setProcessors` back.
 */
export function attachProcessor(provider: SdkTraceProvider, processor: SdkTracingProcessor, registered: WeakSet<object>): () => void {
  if (!registered.has(provider)) {
    provider.registerProcessor(processor);
    registered.add(provider);
  }
  const own = Object.getOwnPropertyDescriptor(provider, "setProcessors");
  const original = provider.setProcessors;
  const keepOurs = function (this: unknown, processors: SdkTracingProcessor[]) {
    const list = Array.isArray(processors) && !processors.includes(processor) ? [...processors, processor] : processors;
    return original.call(this, list);
  };
  Object.defineProperty(provider, "setProcessors", { value: keepOurs, writable: true, configurable: true, enumerable: false });
  return () => {
    if (provider.setProcessors !== keepOurs) return;
    if (own) Object.defineProperty(provider, "setProcessors", own);
    else delete (provider as unknown as Record<string, unknown>).setProcessors;
  };
}

/**
 * Calls `onProvider` with the SDK's global trace provider: now if it exists, else when the SDK creates it (on its
 * first use — a CommonJS app may require `@openai/agents` after `autolog()`). Nothing of the SDK is loaded here.
 * Returns the function that stops waiting.
 */
export function withTraceProvider(onProvider: (provider: SdkTraceProvider) => void): () => void {
  const holder = globalThis as unknown as Holder;
  const descriptor = Object.getOwnPropertyDescriptor(holder, PROVIDER);
  const current = descriptor && "value" in descriptor ? descriptor.value : undefined;
  if (isProvider(current)) {
    onProvider(current);
    return () => undefined;
  }
  if (descriptor && !descriptor.configurable) return () => undefined;
  let waiting = true;
  let value = current;
  // The SDK reads the slot, then assigns its new provider to it: a setter on the slot sees that assignment.
  Object.defineProperty(holder, PROVIDER, {
    configurable: true,
    enumerable: false,
    get: () => value,
    set(next: unknown) {
      value = next;
      Object.defineProperty(holder, PROVIDER, { value: next, writable: true, configurable: true, enumerable: false });
      if (!waiting || !isProvider(next)) return;
      waiting = false;
      try {
        onProvider(next);
      } catch (err) {
        warnOnce("openai-agents.provider", "could not add traceloom's processor to the Agents SDK; runs are not traced", err);
      }
    },
  });
  return () => {
    if (!waiting) return;
    waiting = false;
    const now = Object.getOwnPropertyDescriptor(holder, PROVIDER);
    if (now && "get" in now) {
      if (value === undefined) delete holder[PROVIDER];
      else Object.defineProperty(holder, PROVIDER, { value, writable: true, configurable: true, enumerable: false });
    }
  };
}
