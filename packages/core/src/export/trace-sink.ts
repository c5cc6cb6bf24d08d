import type { TraceJSON } from "../entities/trace.js";
import type { QueueOptions } from "./batch-queue.js";
import type { SinkQueue } from "./export-queue.js";

/** One trace a sink could not deliver, and why. */
export interface FailedTrace {
  traceId: string;
  /** Its error; `retryable: false` on it (as on {@link HttpExportError}) means trying again cannot help. */
  error: unknown;
}

/**
 * What an export call reports per trace: the traces listed in `failed` did not arrive, every other trace of the
 * batch did. Returning nothing means the whole batch arrived; throwing means none of it did.
 */
export interface ExportOutcome {
  failed: FailedTrace[];
}

/**
 * A destination for finished traces (the local store, an MLflow server, an OTLP backend, a JSONL file…).
 * `export` receives batches from a queue of its own, off the caller's path; it may be sync or async, may throw
 * (the whole batch failed) or report per-trace failures; the queue retries what failed, with backoff, and counts
 * the rest as dropped. `signal` aborts when the call's timeout or the exit deadline is reached: pass it to I/O.
 */
export interface TraceSink {
  /** Shown in logs and stats. */
  readonly name: string;
  export(traces: TraceJSON[], signal?: AbortSignal): void | ExportOutcome | Promise<void | ExportOutcome>;
  /** When present, used at process exit to write what is still queued, synchronously. */
  exportSync?(traces: TraceJSON[]): void;
  shutdown?(): void | Promise<void>;
  /**
   * When present, the pipeline feeds this sink through the queue it returns instead of a dropping
   * {@link BatchQueue} (the local store brings one that never drops and writes off the caller's thread).
   */
  createQueue?(options: QueueOptions): SinkQueue;
}
