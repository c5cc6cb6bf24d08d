import { warnOnce } from "../log.js";
import { currentStreamRoot, withStreamRoot } from "../runs/stream-root.js";
import { keepChunk, markExhausted, newWatchedStream, stopEarly, watchForCollection, type WatchedStream } from "../runs/watched-stream.js";
import { pluginState } from "../state.js";
import { applyPatch } from "./apply-patch.js";
import { replaceMethod } from "./stream-patch.js";

type Method = (this: unknown, ...args: unknown[]) => unknown;

/** An event of `streamEvents()` (the fields read here). */
interface StreamEvent {
  event?: unknown;
  run_id?: unknown;
  data?: { chunk?: unknown };
}

/**
 * Watches the event stream a `streamEvents()` call returned, in place. Its generator runs lazily, in whatever context
 * reads it, so every read runs inside the watch (the first run it starts is the root). The root's `on_chain_stream`
 * chunks are kept for its outputs. When the consumer stops early (`break` → `return()`, or `cancel()`), the runs still
 * open are ended as `cancelled` *before* LangChain aborts them (likewise through a reader: `getReader()`'s `cancel`): the abort errors that follow find them ended, so a
 * `break` is not recorded as a failure, and runs LangChain never ends (a generator left suspended) are not held.
 */
function watchEventStream(stream: unknown, watched: WatchedStream): void {
  if (!stream || typeof stream !== "object") return;
  replaceMethod(stream, "next", (next) =>
    function (this: unknown, ...args: unknown[]) {
      return Promise.resolve(withStreamRoot(watched, () => next.apply(stream, args))).then((step) => {
        const r = step as IteratorResult<StreamEvent> | undefined;
        if (r?.done) markExhausted(watched);
        else if (r?.value?.event === "on_chain_stream" && r.value.run_id === watched.rootRunId) keepChunk(watched, r.value.data?.chunk);
        return step;
      });
    },
  );
  for (const key of ["return", "cancel"]) {
    replaceMethod(stream, key, (original) =>
      function (this: unknown, ...args: unknown[]) {
        stopEarly(watched);
        // The root may start only while LangChain winds down (a break before its first event): end it then.
        return Promise.resolve(original.apply(stream, args)).finally(() => stopEarly(watched));
      },
    );
  }
  // Read through a reader instead (`new Response(stream)` for `encoding: "text/event-stream"`, `Readable.fromWeb`):
  // the same watch on the reader's read and cancel.
  replaceMethod(stream, "getReader", (getReader) =>
    function (this: unknown, ...args: unknown[]) {
      const reader = getReader.apply(stream, args);
      if (!reader || typeof reader !== "object") return reader;
      replaceMethod(reader, "read", (read) =>
        function (this: unknown, ...readArgs: unknown[]) {
          return Promise.resolve(withStreamRoot(watched, () => read.apply(reader, readArgs))).then((step) => {
            if ((step as IteratorResult<unknown> | undefined)?.done) markExhausted(watched);
            return step;
          });
        },
      );
      replaceMethod(reader, "cancel", (cancel) =>
        function (this: unknown, ...cancelArgs: unknown[]) {
          stopEarly(watched);
          return Promise.resolve(cancel.apply(reader, cancelArgs)).finally(() => stopEarly(watched));
        },
      );
      return reader;
    },
  );
  watchForCollection(stream, watched);
}

/**
 * Patches a `streamEvents` method (of `Runnable.prototype`, or a subclass's own such as `RunnableBinding`'s) so that
 * the returned event stream is watched (see {@link watchEventStream}). A `streamEvents` that only delegates to another
 * leaves the watching to the outer call.
 */
export function patchStreamEventsMethod(proto: object): void {
  const state = pluginState();
  const original = (proto as Record<string, unknown>).streamEvents;
  if (typeof original !== "function" || state.patches.some((p) => p.target === proto && p.key === "streamEvents")) return;
  applyPatch(proto, "streamEvents", function (this: unknown, ...args: unknown[]) {
    const outer = currentStreamRoot();
    if (!pluginState().installed || (outer && outer.rootRunId === undefined)) return (original as Method).apply(this, args);
    const watched = newWatchedStream();
    const stream = withStreamRoot(watched, () => (original as Method).apply(this, args));
    try {
      watchEventStream(stream, watched);
    } catch (err) {
      warnOnce("langchain.stream-events-watch", "could not watch a LangChain event stream; one stopped early may leave its runs open", err);
    }
    return stream;
  });
}
