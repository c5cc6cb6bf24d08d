import type { TraceJSON } from "../entities/trace.js";

/** A thing that yields a trace's JSON when asked (built lazily, once, off the caller's path). */
export interface PendingTrace {
  /** The trace's ID, known without building its JSON (so a trace dropped unbuilt can still be named). */
  readonly traceId?: string;
  toJSON(): TraceJSON;
}

/** Counters of one destination's queue. */
export interface QueueStats {
  sink: string;
  queued: number;
  /** Traces that arrived. */
  exported: number;
  /** Traces lost: queue full, or export failed after every retry, with an error not worth retrying, or at the exit deadline. */
  dropped: number;
  /** Of `dropped`, those refused because the queue was full. */
  droppedQueueFull: number;
  /** IDs of the dropped traces, in order, at most {@link MAX_NAMED_DROPS} (`dropped` has the exact count). */
  droppedTraceIds: string[];
  /** Export calls that failed or timed out, in whole or for some traces (each retry counts). */
  failedAttempts: number;
  /** The last export error's message, one line, for diagnosis (never holds credentials). */
  lastError?: string;
}

/** Dropped trace IDs remembered per destination. */
export const MAX_NAMED_DROPS = 1_000;

/**
 * What the export pipeline drives for each destination. {@link BatchQueue} implements it in front of a plain
 * {@link TraceSink}; a sink that brings its own queue (e.g. a lossless store writer on a worker thread) implements
 * it itself and sets `ownsQueue`, and the pipeline hosts it as is.
 */
export interface ExportQueue {
  readonly ownsQueue: true;
  readonly name: string;
  /** Traces not yet settled (queued or being exported). */
  readonly pending: number;
  /** Takes a finished trace; never blocks, never throws. */
  push(trace: PendingTrace): void;
  /** Resolves when everything pushed so far has arrived or been dropped. */
  flush(): Promise<void>;
  /** The process is exiting: retry only until `deadlineAt` (epoch ms), then abort what is in flight and drop the rest. */
  beginClose(deadlineAt: number): void;
  /** Writes what is still queued synchronously, if it can (process `exit`). */
  flushSync(): void;
  stats(): QueueStats;
  shutdown(): Promise<void>;
}

/** True for a destination that queues for itself. */
export function isExportQueue(value: unknown): value is ExportQueue {
  return typeof value === "object" && value !== null && (value as { ownsQueue?: unknown }).ownsQueue === true;
}
