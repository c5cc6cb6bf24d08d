import { warnOnce } from "../log.js";
import { currentStreamRoot, withStreamRoot } from "../runs/stream-root.js";
import { keepChunk, markExhausted, newWatchedStream, stopEarly, watchForCollection, type WatchedStream } from "../runs/watched-stream.js";
import { pluginState } from "../state.js";
import { applyPatch } from "./apply-patch.js";

type Method = (this: unknown, ...args: unknown[]) => unknown;

/** Replaces `target[key]` (when it is a method) with `wrap(original)`, as an own property. */
export function replaceMethod(target: object, key: string, wrap: (original: Method) => Method): void {
  const original = (target as Record<string, unknown>)[key];
  if (typeof original !== "function") return;
  Object.defineProperty(target, key, { value: wrap(original as Method), configurable: true, writable: true });
}

/**
 * Watches the stream a `.stream()` call returned, in place (same object, same class): chunks read are kept for the
 * root's outputs; `return()` before the end — a `break` out of `for await` — or a successful `cancel()` ends the
 * runs still open with a `cancelled` event, since LangChain sends them no end or error callback.
 */
function watchStream(stream: unknown, watched: WatchedStream): void {
  if (!stream || typeof stream !== "object" || watched.rootRunId === undefined) return;
  replaceMethod(stream, "next", (next) =>
    function (this: unknown, ...args: unknown[]) {
      return Promise.resolve(next.apply(stream, args)).then((step) => {
        const r = step as IteratorResult<unknown> | undefined;
        if (r?.done) markExhausted(watched);
        else keepChunk(watched, r?.value);
        return step;
      });
    },
  );
  const stop = () => stopEarly(watched);
  replaceMethod(stream, "return", (original) =>
    function (this: unknown, ...args: unknown[]) {
      return Promise.resolve(original.apply(stream, args)).finally(stop);
    },
  );
  replaceMethod(stream, "cancel", (original) =>
    function (this: unknown, ...args: unknown[]) {
      return Promise.resolve(original.apply(stream, args)).then((value) => {
        stop();
        return value;
      });
    },
  );
  watchForCollection(stream, watched);
}

/**
 * Patches a `stream` method (of `Runnable.prototype`, or a subclass's own): the first run the call starts is the
 * stream's root, and the stream returned is watched (see {@link watchStream}). A `stream` that only delegates to
 * another (`RunnableBinding` → its bound runnable) leaves the watching to the outer call.
 */
export function patchStreamMethod(proto: object): void {
  const state = pluginState();
  const original = (proto as Record<string, unknown>).stream;
  if (typeof original !== "function" || state.patches.some((p) => p.target === proto && p.key === "stream")) return;
  applyPatch(proto, "stream", function (this: unknown, ...args: unknown[]) {
    const outer = currentStreamRoot();
    if (!pluginState().installed || (outer && outer.rootRunId === undefined)) return (original as Method).apply(this, args);
    const watched = newWatchedStream();
    const result = withStreamRoot(watched, () => (original as Method).apply(this, args));
    if (!(result instanceof Promise)) return result;
    return result.then((stream) => {
      try {
        watchStream(stream, watched);
      } catch (err) {
        warnOnce("langchain.stream-watch", "could not watch a LangChain stream; a stream stopped early may leave its runs open", err);
      }
      return stream;
    });
  });
}
