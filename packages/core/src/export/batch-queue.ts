import type { TraceJSON } from "../entities/trace.js";
import { logOnce } from "../log.js";
import type { TraceSink } from "./trace-sink.js";

/** Tuning of one sink's queue. */
export interface QueueOptions {
  /** Traces held at most; beyond it new traces are dropped and counted. Default 2048. */
  maxQueueSize: number;
  /** Traces per export call. Default 128. */
  maxBatchSize: number;
  /** Wait before exporting a non-full batch, ms. Default 20. */
  scheduleDelayMs: number;
  /** Attempts after the first failure. Default 5. */
  maxRetries: number;
  /** First retry delay, doubled each time with jitter, ms. Default 100. */
  initialBackoffMs: number;
  /** Longest retry delay, ms. Default 5000. */
  maxBackoffMs: number;
  /** One export call that has not settled by then counts as a failed attempt (a stalled sink), ms. Default 30000. */
  exportTimeoutMs: number;
}

/** Default {@link QueueOptions}. */
export const DEFAULT_QUEUE_OPTIONS: QueueOptions = {
  maxQueueSize: 2048,
  maxBatchSize: 128,
  scheduleDelayMs: 20,
  maxRetries: 5,
  initialBackoffMs: 100,
  maxBackoffMs: 5000,
  exportTimeoutMs: 30_000,
};

/** Counters of one sink's queue. */
export interface QueueStats {
  sink: string;
  queued: number;
  exported: number;
  /** Traces lost: queue full, or export failed after every retry (or with an error not worth retrying). */
  dropped: number;
  /** Of `dropped`, those refused because the queue was full. */
  droppedQueueFull: number;
  /** Export calls that failed or timed out (each retry counts). */
  failedAttempts: number;
  /** The last export error's message, for diagnosis (never holds credentials). */
  lastError?: string;
}

/** A thing that yields a trace's JSON when asked (built lazily, once, off the caller's path). */
export interface PendingTrace {
  toJSON(): TraceJSON;
}

/**
 * A bounded queue in front of one sink: traces are batched, exported off the caller's path, retried with
 * exponential backoff, and dropped (counted, logged once) rather than ever growing memory without bound.
 */
export class BatchQueue {
  private readonly items: PendingTrace[] = [];
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private readonly counters = { exported: 0, dropped: 0, droppedQueueFull: 0, failedAttempts: 0 };
  private lastError: string | undefined;
  private closing = false;

  constructor(
    readonly sink: TraceSink,
    private readonly options: QueueOptions = DEFAULT_QUEUE_OPTIONS,
  ) {}

  /** Adds a trace; never blocks, never throws. */
  push(trace: PendingTrace): void {
    if (this.items.length >= this.options.maxQueueSize) {
      this.counters.droppedQueueFull++;
      this.drop(1, `queue for ${this.sink.name} is full (${this.options.maxQueueSize} traces)`);
      return;
    }
    this.items.push(trace);
    this.schedule();
  }

  get pending(): number {
    return this.items.length + (this.inFlight ? 1 : 0);
  }

  /** From now on a failed export is dropped instead of retried (the process is exiting). */
  beginClose(): void {
    this.closing = true;
  }

  stats(): QueueStats {
    const stats: QueueStats = { sink: this.sink.name, queued: this.items.length, ...this.counters };
    if (this.lastError !== undefined) stats.lastError = this.lastError;
    return stats;
  }

  private schedule(): void {
    if (this.timer || this.inFlight) return;
    const delay = this.items.length >= this.options.maxBatchSize ? 0 : this.options.scheduleDelayMs;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.drain();
    }, delay);
    this.timer.unref();
  }

  /** Exports everything queued now (and what arrives meanwhile), resolving when done. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    for (let rounds = 0; rounds < 10_000 && (this.inFlight || this.items.length); rounds++) {
      if (this.inFlight) await this.inFlight;
      else await this.drain();
    }
  }

  private drain(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    const run = async () => {
      while (this.items.length) {
        const batch = this.items.splice(0, this.options.maxBatchSize);
        await this.exportWithRetry(batch);
      }
    };
    this.inFlight = run().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async exportWithRetry(batch: PendingTrace[]): Promise<void> {
    const json = this.materialize(batch);
    if (json.length === 0) return;
    let delay = this.options.initialBackoffMs;
    for (let attempt = 0; attempt <= this.options.maxRetries; attempt++) {
      try {
        await withTimeout(() => this.sink.export(json), this.options.exportTimeoutMs, this.sink.name);
        this.counters.exported += json.length;
        return;
      } catch (err) {
        this.counters.failedAttempts++;
        this.lastError = err instanceof Error ? err.message : String(err);
        if (isPermanent(err)) {
          this.drop(json.length, `export to ${this.sink.name} failed with an error not worth retrying`, err);
          return;
        }
        if (attempt === this.options.maxRetries || this.closing) {
          this.drop(json.length, `export to ${this.sink.name} failed after ${attempt + 1} attempts`, err);
          return;
        }
        await sleep(Math.min(delay * (0.5 + Math.random()), this.options.maxBackoffMs));
        delay = Math.min(delay * 2, this.options.maxBackoffMs);
      }
    }
  }

  private materialize(batch: PendingTrace[]): TraceJSON[] {
    const out: TraceJSON[] = [];
    for (const p of batch) {
      try {
        out.push(p.toJSON());
      } catch (err) {
        this.drop(1, "a trace could not be serialized", err);
      }
    }
    return out;
  }

  /** Writes what is queued synchronously, for process exit; sinks without `exportSync` keep their queue. */
  flushSync(): void {
    if (!this.sink.exportSync || this.items.length === 0) return;
    const batch = this.items.splice(0, this.items.length);
    try {
      this.sink.exportSync(this.materialize(batch));
      this.counters.exported += batch.length;
    } catch (err) {
      this.drop(batch.length, `final write to ${this.sink.name} failed`, err);
    }
  }

  private drop(n: number, reason: string, err?: unknown): void {
    this.counters.dropped += n;
    logOnce(`drop:${this.sink.name}:${reason}`, `dropped trace(s): ${reason} (see traceloom exportStats() for counts)`, err);
  }
}

/** True for an error a sink marks as not worth retrying (`retryable: false`, e.g. HTTP 400 or 401). */
function isPermanent(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { retryable?: unknown }).retryable === false;
}

/** Runs one export; a call still unsettled after `ms` is abandoned as failed, so a stalled sink cannot hold the queue. */
async function withTimeout(run: () => void | Promise<void>, ms: number, sink: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`export to ${sink} did not finish within ${ms} ms`)), ms);
  });
  try {
    await Promise.race([Promise.resolve().then(run), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// A retry timer keeps the process alive (bounded by maxRetries × maxBackoffMs) so a pending export is not lost.
function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
