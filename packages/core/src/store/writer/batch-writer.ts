import type { StoreTrace } from "./store-trace.js";

/** Counters of a {@link BatchWriter}. */
export interface WriterCounts {
  written: number;
  dropped: number;
  lastError?: string;
}

/** Where the store queue hands its batches: the writer thread, or (where no thread can run) the store itself. */
export interface BatchWriter {
  /** Takes a batch; never throws. */
  write(traces: StoreTrace[]): void;
  /** Traces handed over and not yet stored (or given up on). */
  readonly inFlight: number;
  /** Resolves once everything handed over so far is stored or given up on; `keepAlive` (default true): meanwhile the process stays up. */
  idle(keepAlive?: boolean): Promise<void>;
  /** Blocks until everything handed over is stored, at most `timeoutMs`; false if time ran out (process exit). */
  idleSync(timeoutMs: number): boolean;
  /** At process exit, after {@link idleSync} ran out of time: stop writing, waiting at most `timeoutMs` for that. */
  stopSync(timeoutMs: number): void;
  counts(): WriterCounts;
  close(): Promise<void>;
}
