import type { TraceJSON } from "../entities/trace.js";
import type { TraceSink } from "./trace-sink.js";

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
  droppedTraceIds?: string[];
  /** Export calls that failed or timed out, in whole or for some traces (each retry counts). */
  failedAttempts: number;
  /** The last export error's message, one line, for diagnosis (never holds credentials). */
  lastError?: string;
}

/** Dropped trace IDs remembered per destination. */
export const MAX_NAMED_DROPS = 1_000;

/**
 * What the export pipeline drives for one sink: a {@link BatchQueue} by default, or the queue a sink brings itself
 * through `TraceSink.createQueue` (e.g. the local store's, which never drops and writes off the caller's thread).
 */
export interface SinkQueue {
  readonly sink: TraceSink;
  /** Adds a finished trace; never throws, and costs the caller little. */
  push(trace: PendingTrace): void;
  /** Traces not yet settled (queued or in flight). */
  readonly pending: number;
  /** Resolves when everything pushed so far has arrived or been dropped. */
  flush(): Promise<void>;
  /** Writes what is still queued synchronously, for process exit (a no-op for asynchronous-only sinks). */
  flushSync(): void;
  /** The process is exiting: work (retries included) only until `deadlineAt` (epoch ms), then drop what is left. */
  beginClose(deadlineAt?: number): void;
  stats(): QueueStats;
  /** Releases what the queue holds (threads, files) after its last flush. */
  close?(): void | Promise<void>;
}
