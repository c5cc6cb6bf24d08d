import type { RingRef } from "./shared-ring.js";
import type { ProcessIdentity } from "../../tracer/trace-info-builder.js";

/** Where a batch that did not fit in memory was written: a byte range of a spill file. */
export interface SpillRef {
  path: string;
  offset: number;
  length: number;
}

/**
 * A batch handed to the writer thread: by reference to the shared ring or to a spill file (or, failing both, inline). `seq`
 * increases by one per batch.
 */
export interface WriteJob {
  seq: number;
  /** How many texts each trace of the batch took (store-trace.ts `addPieces`). */
  counts: Uint32Array;
  /**
   * UTF-8 length of each text, in order; the texts are written one after another. Typed arrays: a burst keeps these
   * for every batch not yet stored, on both threads.
   */
  lengths: Uint32Array;
  /** Where the batch's texts are in the shared ring. */
  ring?: RingRef;
  spill?: SpillRef;
  /** The batch's texts as UTF-8, transferred: only when it fit neither in the ring nor in the spill file. */
  packed?: Uint8Array;
}

/** Messages from the queue (main thread) to the writer thread. */
export type ToWriter = ({ kind: "write" } & WriteJob) | { kind: "close" };

/**
 * Messages from the writer thread: it opened the store, a batch is done (stored, or dropped after an error), or the
 * store cannot be opened.
 */
export type FromWriter = { kind: "ready" } | { kind: "done"; seq: number; dropped: number; error?: string } | { kind: "fatal"; error: string };

/** What the writer thread is started with. */
export interface WriterData {
  dbPath: string;
  /** The traced program and its user, for the trace info the writer builds. */
  identity: ProcessIdentity;
  /** The shared ring's memory and its released counter (shared-ring.ts). */
  ring: SharedArrayBuffer;
  ringReleased: SharedArrayBuffer;
  /** Shared Int32 slots: see {@link Slot}. */
  counters: SharedArrayBuffer;
}

/**
 * Slots of the shared counters, readable by the main thread while it blocks at exit (when no message can arrive).
 * DONE_SEQ: the last batch finished; WRITTEN / DROPPED: traces stored / given up on; STOP: set by the main thread
 * when the process exits before the writer is done; STOPPED: set by the writer once it holds no SQLite call
 * (a thread torn down inside one can abort the process).
 */
export const Slot = { DONE_SEQ: 0, WRITTEN: 1, DROPPED: 2, STOP: 3, STOPPED: 4 } as const;

/** Number of Int32 slots in {@link WriterData.counters}. */
export const SLOT_COUNT = 5;
