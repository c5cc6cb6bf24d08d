import { toReadablePayload } from "../convert/payload.js";
import { warnOnce } from "../log.js";
import { endOpenSubtree } from "./run-subtree.js";
import type { StreamRoot } from "./stream-root.js";

/** Chunks a consumer read that are kept for the root's outputs at most; later ones are not recorded. */
const MAX_KEPT_CHUNKS = 10_000;

/** A stream being watched: its root run, the chunks read so far, and whether it already stopped. */
export interface WatchedStream extends StreamRoot {
  chunks: unknown[];
  stopped: boolean;
}

/** A new watch, before its root run is known. */
export function newWatchedStream(): WatchedStream {
  return { chunks: [], stopped: false };
}

/** Keeps a chunk the consumer read, for the root's outputs. */
export function keepChunk(watched: WatchedStream, chunk: unknown): void {
  if (watched.chunks.length < MAX_KEPT_CHUNKS) watched.chunks.push(chunk);
}

/** The stream reached its end: its runs end through LangChain's own callbacks. */
export function markExhausted(watched: WatchedStream): void {
  watched.stopped = true;
  collected.unregister(watched);
}

const STOPPED_EARLY = "the consumer stopped before the end of the stream";
const COLLECTED = "the stream was garbage-collected before it was fully consumed";

/** Run ids of streams stopped early, kept at most (oldest forgotten first). */
const MAX_STOPPED_RUNS = 10_000;
const STOPPED_KEY = Symbol.for("traceloom.langchain.stoppedStreamRuns");

/** The runs of stopped streams, shared by the ESM and CJS copies of this package through `globalThis`. */
function stoppedRuns(): Set<string> {
  const g = globalThis as unknown as Record<symbol, Set<string> | undefined>;
  g[STOPPED_KEY] ??= new Set<string>();
  return g[STOPPED_KEY];
}

function rememberStopped(runId: string): void {
  const stopped = stoppedRuns();
  stopped.add(runId);
  if (stopped.size > MAX_STOPPED_RUNS) stopped.delete(stopped.values().next().value as string);
}

/**
 * Whether a run starting under `parentRunId` belongs to a stream already stopped: LangChain may start a few more runs
 * while it winds down after a `break`, and their trace has already been written. Such a run is remembered too, so its
 * own children are recognised.
 */
export function startsUnderStoppedStream(runId: string, parentRunId: string | undefined): boolean {
  if (parentRunId === undefined || !stoppedRuns().has(parentRunId)) return false;
  rememberStopped(runId);
  return true;
}

function stop(watched: WatchedStream, event: "cancelled" | "abandoned", reason: string): void {
  if (watched.stopped || watched.rootRunId === undefined) return;
  watched.stopped = true;
  rememberStopped(watched.rootRunId);
  collected.unregister(watched);
  const chunks = watched.chunks;
  endOpenSubtree(watched.rootRunId, { event, reason }, () => (chunks.every((c) => typeof c === "string") ? chunks.join("") : toReadablePayload(chunks)));
}

/**
 * The consumer stopped the stream before its end (`break`, `return()`, `cancel()`): ends the runs still open under
 * its root with a `cancelled` event. Safe to call again; does nothing once the stream ended or before its root is known.
 */
export function stopEarly(watched: WatchedStream): void {
  try {
    stop(watched, "cancelled", STOPPED_EARLY);
  } catch (err) {
    warnOnce("langchain.stream-cancel", "could not end the runs of a stopped LangChain stream", err);
  }
}

/** A stream dropped unread (or half read) ends its runs as `abandoned` when collected. */
const collected = new FinalizationRegistry<WatchedStream>((watched) => {
  try {
    stop(watched, "abandoned", COLLECTED);
  } catch (err) {
    warnOnce("langchain.stream-collected", "could not end the runs of a collected LangChain stream", err);
  }
});

/** Ends the runs of `stream` as `abandoned` if it is garbage-collected before it ends. */
export function watchForCollection(stream: object, watched: WatchedStream): void {
  collected.register(stream, watched, watched);
}
