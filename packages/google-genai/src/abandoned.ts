import { warnOnce } from "./log.js";

/** Something that ends a span when its object was dropped unread. */
export interface Abandonable {
  abandon(): void;
}

const registry = new FinalizationRegistry<Abandonable>((held) => {
  try {
    held.abandon();
  } catch (err) {
    warnOnce("google-genai.abandon", "could not end the span of an abandoned Gemini stream", err);
  }
});

/**
 * Calls `held.abandon()` once `target` is garbage-collected; `held` must not reference `target`.
 * Returns a function that cancels this.
 */
export function onAbandoned(target: object, held: Abandonable): () => void {
  const token = {};
  registry.register(target, held, token);
  return () => registry.unregister(token);
}
