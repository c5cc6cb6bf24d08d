import { logOnce } from "../log.js";

/** Something that ends a span when its object was dropped unread (never awaited, never iterated to the end). */
export interface Abandonable {
  abandon(): void;
}

const registry = new FinalizationRegistry<Abandonable>((held) => {
  try {
    held.abandon();
  } catch (err) {
    logOnce("sdk.abandon", "could not end the span of an abandoned SDK result", err);
  }
});

/**
 * Calls `held.abandon()` once `target` is garbage-collected, until {@link stopWatching} is called with `token`.
 * Neither `held` nor `token` may reference `target`.
 */
export function watchAbandoned(target: object, held: Abandonable, token: object): void {
  registry.register(target, held, token);
}

/** Cancels the watches registered with `token` (the target was consumed, or handed on). */
export function stopWatching(token: object): void {
  registry.unregister(token);
}

/**
 * Calls `held.abandon()` once `target` is garbage-collected; `held` must not reference `target`.
 * Returns a function that cancels this (when the target is handed on, e.g. a stream to its iterator).
 */
export function onAbandoned(target: object, held: Abandonable): () => void {
  const token = {};
  watchAbandoned(target, held, token);
  return () => stopWatching(token);
}
