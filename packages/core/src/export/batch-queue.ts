import type { TraceJSON } from "../entities/trace.js";
import { logOnce } from "../log.js";
import { MAX_NAMED_DROPS, type PendingTrace, type QueueStats, type SinkQueue } from "./export-queue.js";
import { oneLine } from "./one-line.js";
import type { FailedTrace, TraceSink } from "./trace-sink.js";

/** How an export cut short by the exit deadline fails (the HTTP client words it the same). */
export const DEADLINE_ABORT = "aborted at the exit deadline";

export type { PendingTrace, QueueStats, SinkQueue } from "./export-queue.js";

/** Tuning of one sink's queue. */
export interface QueueOptions {
  /** Traces held at most; beyond it new traces are dropped and counted. Default 2048. */
  maxQueueSize: number;
  /** Traces per export call. Default 128. */
  maxBatchSize: number;
  /** Wait before exporting a non-full batch, ms. Default 20. */
  scheduleDelayMs: number;
  /**
   * Attempts after the first failure. Default 10: with the default backoff about 35 s of retrying, enough for a
   * tracking server to restart. At exit, retries go on until `exitTimeoutMs` instead.
   */
  maxRetries: number;
  /** First retry delay, doubled each time with jitter, ms. Default 100. */
  initialBackoffMs: number;
  /** Longest retry delay, ms. Default 5000. */
  maxBackoffMs: number;
  /** One export call that has not settled by then is aborted and counts as a failed attempt, ms. Default 30000. */
  exportTimeoutMs: number;
  /**
   * At process exit (or SIGTERM), how long export may still take, retries included; then what is in flight is
   * aborted and what did not arrive is dropped and named in one line, ms. Env `TRACELOOM_EXIT_TIMEOUT_MS`. Default 5000.
   */
  exitTimeoutMs: number;
}

/** Default {@link QueueOptions}. */
export const DEFAULT_QUEUE_OPTIONS: QueueOptions = {
  maxQueueSize: 2048,
  maxBatchSize: 128,
  scheduleDelayMs: 20,
  maxRetries: 10,
  initialBackoffMs: 100,
  maxBackoffMs: 5000,
  exportTimeoutMs: 30_000,
  exitTimeoutMs: 5_000,
};

function traceIdOf(trace: TraceJSON): string {
  return trace.info.trace_id;
}

/**
 * A bounded queue in front of one sink: traces are batched, exported off the caller's path, retried per trace with
 * exponential backoff, and dropped (counted, named, logged once) rather than ever growing memory without bound.
 * Its timers never keep the process alive; at exit, {@link beginClose} bounds how long it may still work.
 */
export class BatchQueue implements SinkQueue {
  private readonly items: PendingTrace[] = [];
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private inFlightCount = 0;
  private readonly counters = { exported: 0, dropped: 0, droppedQueueFull: 0, failedAttempts: 0 };
  private readonly droppedIds: string[] = [];
  private lastError: string | undefined;
  private deadlineAt: number | undefined;
  private readonly closed = new AbortController();
  private wake: (() => void) | undefined;

  constructor(
    readonly sink: TraceSink,
    private readonly options: QueueOptions = DEFAULT_QUEUE_OPTIONS,
  ) {}

  /** Adds a trace; never blocks, never throws. */
  push(trace: PendingTrace): void {
    if (this.items.length >= this.options.maxQueueSize) {
      this.counters.droppedQueueFull++;
      this.drop([trace.traceId ?? "(unknown)"], `its queue is full (${this.options.maxQueueSize} traces)`);
      return;
    }
    this.items.push(trace);
    this.schedule();
  }

  get pending(): number {
    return this.items.length + this.inFlightCount;
  }

  beginClose(deadlineAt = Date.now()): void {
    if (this.deadlineAt !== undefined && this.deadlineAt <= deadlineAt) return;
    this.deadlineAt = deadlineAt;
    this.wake?.();
    setTimeout(() => this.closed.abort(), Math.max(0, deadlineAt - Date.now())).unref();
  }

  stats(): QueueStats {
    const stats: QueueStats = { sink: this.sink.name, queued: this.items.length, ...this.counters, droppedTraceIds: [...this.droppedIds] };
    if (this.lastError !== undefined) stats.lastError = this.lastError;
    return stats;
  }

  /** Exports everything queued now (and what arrives meanwhile), resolving when all of it arrived or was dropped. */
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

  /** Writes what is queued synchronously, for process exit; sinks without `exportSync` keep their queue. */
  flushSync(): void {
    if (!this.sink.exportSync || this.items.length === 0) return;
    const batch = this.materialize(this.items.splice(0, this.items.length));
    try {
      this.sink.exportSync(batch);
      this.counters.exported += batch.length;
    } catch (err) {
      this.drop(batch.map(traceIdOf), "the final write failed", err);
    }
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

  private remainingMs(): number {
    return this.deadlineAt === undefined ? Infinity : this.deadlineAt - Date.now();
  }

  private drain(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    const run = async () => {
      while (this.items.length) {
        const batch = this.items.splice(0, this.options.maxBatchSize);
        this.inFlightCount = batch.length;
        await this.exportWithRetry(batch);
        this.inFlightCount = 0;
      }
    };
    this.inFlight = run().finally(() => {
      this.inFlight = undefined;
      this.inFlightCount = 0;
    });
    return this.inFlight;
  }

  private async exportWithRetry(batch: PendingTrace[]): Promise<void> {
    let pending = this.materialize(batch);
    let delay = this.options.initialBackoffMs;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (this.remainingMs() <= 0) {
        // Not logged here: the exit line names every trace dropped at the deadline.
        this.drop(pending.map(traceIdOf), `the exit deadline (${this.options.exitTimeoutMs} ms) was reached`, this.lastError, false);
        return;
      }
      const failed = await this.attempt(pending);
      this.counters.exported += pending.length - failed.size;
      if (failed.size === 0) return;
      this.counters.failedAttempts++;
      const first = failed.values().next().value as FailedTrace;
      this.lastError = failureText(first.error, this.lastError);
      const retry: TraceJSON[] = [];
      const permanent: string[] = [];
      for (const t of pending) {
        const f = failed.get(traceIdOf(t));
        if (!f) continue;
        if (isPermanent(f.error)) permanent.push(traceIdOf(t));
        else retry.push(t);
      }
      if (permanent.length) this.drop(permanent, "the destination refused them", failed.get(permanent[0])?.error);
      // While the process exits, the deadline bounds the retries instead of maxRetries.
      if (retry.length && attempt >= this.options.maxRetries && this.deadlineAt === undefined) {
        this.drop(retry.map(traceIdOf), `export failed after ${attempt + 1} attempts`, failed.get(traceIdOf(retry[0]))?.error);
        return;
      }
      if (retry.length && this.remainingMs() > 0) {
        logOnce(`retry:${this.sink.name}`, `export to ${this.sink.name} failing, retrying: ${this.lastError}`);
        await this.sleep(Math.min(delay * (0.5 + Math.random()), this.options.maxBackoffMs, Math.max(0, this.remainingMs())));
        delay = Math.min(delay * 2, this.options.maxBackoffMs);
      }
      pending = retry;
    }
  }

  /** One export call; returns the traces that did not arrive, by ID. Never throws. */
  private async attempt(traces: TraceJSON[]): Promise<Map<string, FailedTrace>> {
    const timeoutMs = Math.max(1, Math.min(this.options.exportTimeoutMs, this.remainingMs()));
    const { signal, release } = attemptSignal(timeoutMs, this.closed.signal);
    const failed = new Map<string, FailedTrace>();
    try {
      const outcome = await untilAborted(() => this.sink.export(traces, signal), signal, `export to ${this.sink.name} did not finish within ${timeoutMs} ms`);
      const ids = new Set(traces.map(traceIdOf));
      for (const f of outcome?.failed ?? []) if (ids.has(f.traceId)) failed.set(f.traceId, f);
    } catch (error) {
      for (const t of traces) failed.set(traceIdOf(t), { traceId: traceIdOf(t), error });
    } finally {
      release();
    }
    return failed;
  }

  private materialize(batch: PendingTrace[]): TraceJSON[] {
    const out: TraceJSON[] = [];
    for (const p of batch) {
      try {
        out.push(p.toJSON());
      } catch (err) {
        this.drop([p.traceId ?? "(unknown)"], "it could not be serialized", err);
      }
    }
    return out;
  }

  private drop(ids: string[], reason: string, err?: unknown, log = true): void {
    this.counters.dropped += ids.length;
    for (const id of ids) if (this.droppedIds.length < MAX_NAMED_DROPS) this.droppedIds.push(id);
    if (!log) return;
    const shown = ids.slice(0, 3).join(", ") + (ids.length > 3 ? `, … (+${ids.length - 3})` : "");
    const cause = err === undefined ? "" : `: ${oneLine(err)}`;
    logOnce(`drop:${this.sink.name}:${reason}`, `${this.sink.name}: dropped ${ids.length} trace(s) (${shown}) because ${reason}${cause}`);
  }

  /** Waits between retries; the timer never keeps the process alive, and closing the queue ends the wait at once. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      this.wake = done;
    });
  }
}

/**
 * The failure a queue reports: an abort at the exit deadline does not hide the cause seen before it (a server that
 * refused every connection is still named as such when the last retry was cut short by the deadline).
 */
function failureText(error: unknown, previous: string | undefined): string {
  const text = oneLine(error);
  if (!text.endsWith(DEADLINE_ABORT) || previous === undefined) return text;
  if (previous.endsWith(DEADLINE_ABORT) || previous.endsWith(`(then ${DEADLINE_ABORT})`)) return previous;
  return `${previous} (then ${DEADLINE_ABORT})`;
}

/** True for an error a sink marks as not worth retrying (`retryable: false`, e.g. HTTP 400, 401 or 413). */
function isPermanent(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { retryable?: unknown }).retryable === false;
}

/**
 * The signal of one export attempt: aborted with a TimeoutError after `timeoutMs`, or when the queue closes. Its own
 * timer, not `AbortSignal.timeout`/`AbortSignal.any`: those hold their signal only weakly, so when a stalled sink
 * keeps no reference to it the signal can be garbage-collected before it fires, and the attempt — and `flush()` —
 * waits forever (seen under CI load). `release` stops the timer and the listener once the attempt is over.
 */
function attemptSignal(timeoutMs: number, closed: AbortSignal): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  const onClose = () => controller.abort(closed.reason);
  const timer = setTimeout(() => controller.abort(new DOMException("The export attempt timed out", "TimeoutError")), timeoutMs);
  timer.unref();
  if (closed.aborted) onClose();
  else closed.addEventListener("abort", onClose, { once: true });
  return {
    signal: controller.signal,
    release: () => {
      clearTimeout(timer);
      closed.removeEventListener("abort", onClose);
    },
  };
}

/** Runs one export; rejects when `signal` aborts first, so a sink that ignores the signal still cannot hold the queue. */
async function untilAborted<T>(run: () => T | Promise<T>, signal: AbortSignal, message: string): Promise<T> {
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new Error(signal.reason instanceof DOMException && signal.reason.name === "TimeoutError" ? message : DEADLINE_ABORT));
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    return await Promise.race([Promise.resolve().then(run), aborted]);
  } finally {
    signal.removeEventListener("abort", onAbort!);
  }
}
