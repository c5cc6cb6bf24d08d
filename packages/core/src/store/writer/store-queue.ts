import type { QueueOptions } from "../../export/batch-queue.js";
import type { PendingTrace, QueueStats, SinkQueue } from "../../export/export-queue.js";
import type { TraceSink } from "../../export/trace-sink.js";
import { logOnce } from "../../log.js";
import type { BatchWriter } from "./batch-writer.js";
import type { TraceParts } from "../../tracer/trace-parts.js";
import { encodeTrace } from "./encoded-trace.js";
import type { StoreTrace } from "./store-trace.js";

/** A pending trace the tracer finished: it hands over parts for the writer thread, or its spans' texts made once. */
interface TracerTrace {
  storeParts?(): TraceParts;
  spanTexts?(): string[];
}

/**
 * Finished traces the queue holds before it builds their JSON on the caller's path (a burst that never yields).
 * Small: traces held longer outlive young-generation collections and are copied and promoted; at 512 the
 * 100,000-trace burst's main thread spent a third more CPU per trace and peaked ~120 MB higher (A/B, 30,000 traces).
 */
export const MAX_UNBUILT_TRACES = 64;

/** Time spent building traces per turn of the event loop when the queue drains on its own, ms (one turn stays short). */
export const HANDOFF_SLICE_MS = 2;

/** Traces built between two looks at the clock. */
const HANDOFF_STEP = 8;

/** Longest wait at exit for a writer that ran out of time to step out of SQLite, ms. */
const STOP_WAIT_MS = 1_000;

/**
 * Traces per batch handed to the writer at most (a burst is handed over in several). Each message costs the sending
 * thread a wake-up of the writer, which under load was the largest single cost of small batches (profiled).
 */
export const MAX_HANDOFF_BATCH = 256;

/**
 * The local store's queue: unlike a network sink's it never drops. Finished traces are turned into JSON in batches
 * between the program's own work (every `scheduleDelayMs`, or at once in a burst of {@link MAX_UNBUILT_TRACES}) and
 * handed to a {@link BatchWriter}; `flush()` resolves once they are stored, and at exit the process waits for them
 * (up to the exit deadline, `exitTimeoutMs`).
 */
export class StoreQueue implements SinkQueue {
  private items: PendingTrace[] = [];
  private timer: NodeJS.Timeout | undefined;
  private nextSlice: NodeJS.Immediate | undefined;
  private built = 0;
  private failedToBuild = 0;
  private reportedDrops = 0;
  private deadlineAt: number | undefined;

  constructor(
    readonly sink: TraceSink,
    private readonly writer: BatchWriter,
    private readonly options: Pick<QueueOptions, "scheduleDelayMs" | "exitTimeoutMs">,
  ) {}

  push(trace: PendingTrace): void {
    this.items.push(trace);
    if (this.items.length >= MAX_UNBUILT_TRACES) this.handOff();
    else this.schedule();
  }

  /** Traces not yet stored; none once the exit deadline has passed (what is left then counts as dropped). */
  get pending(): number {
    return this.pastDeadline() ? 0 : this.items.length + this.writer.inFlight;
  }

  private pastDeadline(): boolean {
    return this.deadlineAt !== undefined && Date.now() >= this.deadlineAt;
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.handOffInSlices();
    }, this.options.scheduleDelayMs);
    this.timer.unref();
  }

  /** Hands over traces for {@link HANDOFF_SLICE_MS}, and the rest in later turns, letting the program's own work in between. */
  private handOffInSlices(): void {
    this.nextSlice = undefined;
    const until = performance.now() + HANDOFF_SLICE_MS;
    const built: StoreTrace[] = [];
    do built.push(...this.build(HANDOFF_STEP));
    while (this.items.length > 0 && performance.now() < until);
    this.send(built);
    if (this.items.length === 0 || this.nextSlice) return;
    this.nextSlice = setImmediate(() => this.handOffInSlices());
    this.nextSlice.unref();
  }

  /** Builds the JSON of everything queued and hands it to the writer. Never throws. */
  private handOff(): void {
    this.send(this.build(Number.POSITIVE_INFINITY));
  }

  /**
   * Takes (at most `limit` of) the traces queued, oldest first, as the writer receives them: the tracer's as parts
   * (only attribute values are encoded here; the rest is built on the writer thread), others encoded. Never throws.
   */
  private build(limit: number): StoreTrace[] {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.items.length === 0) return [];
    const batch = this.items.length <= limit ? this.items : this.items.splice(0, limit);
    if (batch === this.items) this.items = [];
    const traces: StoreTrace[] = [];
    for (const p of batch) {
      try {
        const t = p as PendingTrace & TracerTrace;
        traces.push(t.storeParts ? t.storeParts() : encodeTrace(t.toJSON(), t.spanTexts?.()));
      } catch (err) {
        this.failedToBuild++;
        logOnce("store-build", "a trace could not be serialized for the local store", err);
      }
    }
    this.built += traces.length;
    return traces;
  }

  /** Hands encoded traces to the writer in batches of at most {@link MAX_HANDOFF_BATCH} (each message costs a wake-up). */
  private send(traces: StoreTrace[]): void {
    for (let i = 0; i < traces.length; i += MAX_HANDOFF_BATCH) {
      this.writer.write(traces.length <= MAX_HANDOFF_BATCH ? traces : traces.slice(i, i + MAX_HANDOFF_BATCH));
    }
    this.reportDrops();
  }

  /** Resolves once everything pushed so far is stored — or, at exit, when the deadline comes first. */
  async flush(): Promise<void> {
    this.handOff();
    const idle = this.writer.idle(this.deadlineAt === undefined);
    if (this.deadlineAt === undefined) await idle;
    else await Promise.race([idle, untilTime(this.deadlineAt)]);
    this.reportDrops();
  }

  /** Blocks (process `exit`) until the writer has stored what it was handed, at most until the exit deadline. */
  flushSync(): void {
    this.handOff();
    const waitMs = Math.max(0, (this.deadlineAt ?? Date.now() + this.options.exitTimeoutMs) - Date.now());
    if (!this.writer.idleSync(waitMs)) {
      this.writer.stopSync(STOP_WAIT_MS);
      logOnce("store-exit-timeout", `the local store could not write ${this.writer.inFlight} trace(s) before the exit deadline (exitTimeoutMs, TRACELOOM_EXIT_TIMEOUT_MS)`);
    }
  }

  /** The writer retries a busy database by itself; at exit, {@link flushSync} waits for it until `deadlineAt`. */
  beginClose(deadlineAt?: number): void {
    this.deadlineAt = deadlineAt;
  }

  stats(): QueueStats {
    const counts = this.writer.counts();
    const waiting = this.items.length + Math.max(0, this.built - counts.written - counts.dropped);
    // Past the exit deadline, what still waits is lost (the writer may yet store it if the process lives on).
    const lost = this.pastDeadline() ? waiting : 0;
    const stats: QueueStats = {
      sink: this.sink.name,
      queued: waiting - lost,
      exported: counts.written,
      dropped: counts.dropped + this.failedToBuild + lost,
      droppedQueueFull: 0,
      // Traces given up on are counted; which ones is not tracked across the writer thread.
      droppedTraceIds: [],
      failedAttempts: 0,
    };
    if (counts.lastError !== undefined) stats.lastError = counts.lastError;
    return stats;
  }

  /** Stops the writer (its thread and spill file); the pipeline has flushed first. */
  async close(): Promise<void> {
    await this.writer.close();
  }

  private reportDrops(): void {
    const dropped = this.writer.counts().dropped;
    if (dropped > this.reportedDrops) {
      this.reportedDrops = dropped;
      logOnce(`drop:${this.sink.name}`, `the local store could not write ${dropped} trace(s): ${this.writer.counts().lastError ?? "unknown error"}`);
    }
  }
}

/** Resolves at `epochMs` (an unref'd timer: the exit hooks keep the process alive until their deadline). */
function untilTime(epochMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, epochMs - Date.now())).unref());
}
