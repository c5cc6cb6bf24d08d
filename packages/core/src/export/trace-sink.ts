import type { TraceJSON } from "../entities/trace.js";

/**
 * A destination for finished traces (the local store, an MLflow server, an OTLP backend, a JSONL file…).
 * `export` receives batches from a queue of its own, off the caller's path; it may be sync or async and may throw
 * (the queue retries with backoff, then counts the batch as dropped).
 */
export interface TraceSink {
  /** Shown in logs and stats. */
  readonly name: string;
  export(traces: TraceJSON[]): void | Promise<void>;
  /** When present, used at process exit to write what is still queued, synchronously. */
  exportSync?(traces: TraceJSON[]): void;
  shutdown?(): void | Promise<void>;
}
