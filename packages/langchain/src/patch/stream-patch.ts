import { toReadablePayload } from "../convert/payload.js";
import { warnOnce } from "../log.js";
import { endOpenSubtree } from "../runs/run-subtree.js";
import { currentStreamRoot, withStreamRoot, type StreamRoot } from "../runs/stream-root.js";
import { pluginState } from "../state.js";
import { applyPatch } from "./apply-patch.js";

type Method = (this: unknown, ...args: unknown[]) => unknown;

/** Chunks a consumer read that are kept for the root's outputs at most; later ones are not recorded. */
const MAX_KEPT_CHUNKS = 10_000;

/** A stream being watched: its root run, the chunks read so far, and whether it already stopped. */
interface WatchedStream extends StreamRoot {
  chunks: unknown[];
  stopped: boolean;
}

const STOPPED_EARLY = "the consumer stopped before the end of the stream";
const COLLECTED = "the stream was garbage-collected before it was fully consumed";

function stop(watched: WatchedStream, event: "cancelled" | "abandoned", reason: string): void {
  if (watched.stopped || watched.rootRunId === undefined) return;
  watched.stopped = true;
  collected.unregister(watched);
  const chunks = watched.chunks;
  endOpenSubtree(watched.rootRunId, { event, reason }, () => (chunks.every((c) => typeof c === "string") ? chunks.join("") : toReadablePayload(chunks)));
}

/** A stream dropped unread (or half read) ends its runs as `abandoned` when collected. */
const collected = new FinalizationRegistry<WatchedStream>((watched) => {
  try {
    stop(watched, "abandoned", COLLECTED);
  } catch (err) {
    warnOnce("langchain.stream-collected", "could not end the runs of a collected LangChain stream", err);
  }
});

function replaceMethod(target: object, key: string, wrap: (original: Method) => Method): void {
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
        if (r?.done) {
          watched.stopped = true;
          collected.unregister(watched);
        } else if (watched.chunks.length < MAX_KEPT_CHUNKS) watched.chunks.push(r?.value);
        return step;
      });
    },
  );
  const stopEarly = () => {
    try {
      stop(watched, "cancelled", STOPPED_EARLY);
    } catch (err) {
      warnOnce("langchain.stream-cancel", "could not end the runs of a stopped LangChain stream", err);
    }
  };
  replaceMethod(stream, "return", (original) =>
    function (this: unknown, ...args: unknown[]) {
      return Promise.resolve(original.apply(stream, args)).finally(stopEarly);
    },
  );
  replaceMethod(stream, "cancel", (original) =>
    function (this: unknown, ...args: unknown[]) {
      return Promise.resolve(original.apply(stream, args)).then((value) => {
        stopEarly();
        return value;
      });
    },
  );
  collected.register(stream, watched, watched);
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
    const watched: WatchedStream = { chunks: [], stopped: false };
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
