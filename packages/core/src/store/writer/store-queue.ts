import type { QueueOptions } from "../../export/batch-queue.js";
import type { PendingTrace, QueueStats, SinkQueue } from "../../export/export-queue.js";
import type { TraceSink } from "../../export/trace-sink.js";
import { logOnce } from "../../log.js";
import type { BatchWriter } from "./batch-writer.js";
import { encodedBytes, encodeTrace, type EncodedTrace } from "./encoded-trace.js";

/** A pending trace that can hand over its spans' JSON texts, made once (the tracer's finished traces can). */
interface WithSpanTexts {
  spanTexts?(): string[];
}

/** Finished traces the queue holds before it builds their JSON on the caller's path (a burst that never yields). */
export const MAX_UNBUILT_TRACES = 512;

/** Traces built per turn of the event loop when the queue drains on its timer, so one turn stays short. */
export const HANDOFF_SLICE = 8;

/** Traces per batch handed to the writer at most (a burst is handed over in several). */
export const MAX_HANDOFF_BATCH = 64;

/**
 * The local store's queue: unlike a network sink's it never drops. Finished traces are turned into JSON in batches
 * between the program's own work (every `scheduleDelayMs`, or at once in a burst of {@link MAX_UNBUILT_TRACES}) and
 * handed to a {@link BatchWriter}; `flush()` resolves once they are stored, and at exit the process waits for them
 * (up to the exit deadline, `exitTimeoutMs`).
 */
export class StoreQueue implements SinkQueue {
  private items: PendingTrace[] = [];
  private timer: NodeJS.Timeout | undefined;
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

  get pending(): number {
    return this.items.length + this.writer.inFlight;
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.handOffInSlices();
    }, this.options.scheduleDelayMs);
    this.timer.unref();
  }

  /** Hands over {@link HANDOFF_SLICE} traces, and the rest in later turns, letting the program's own work in between. */
  private handOffInSlices(): void {
    this.handOff(HANDOFF_SLICE);
    if (this.items.length === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.handOffInSlices();
    }, 0);
    this.timer.unref();
  }

  /** Builds the JSON of (at most `limit` of) the traces queued and hands it to the writer. Never throws. */
  private handOff(limit = Number.POSITIVE_INFINITY): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.items.length === 0) return;
    const batch = this.items.length <= limit ? this.items : this.items.splice(0, limit);
    if (batch === this.items) this.items = [];
    const traces: EncodedTrace[] = [];
    let bytes = 0;
    for (const p of batch) {
      try {
        const encoded = encodeTrace(p.toJSON(), (p as WithSpanTexts).spanTexts?.());
        bytes += encodedBytes(encoded);
        traces.push(encoded);
      } catch (err) {
        this.failedToBuild++;
        logOnce("store-build", "a trace could not be serialized for the local store", err);
      }
    }
    this.built += traces.length;
    for (let i = 0; i < traces.length; i += MAX_HANDOFF_BATCH) {
      const part = traces.length <= MAX_HANDOFF_BATCH ? traces : traces.slice(i, i + MAX_HANDOFF_BATCH);
      this.writer.write(part, (bytes * part.length) / traces.length);
    }
    this.reportDrops();
  }

  async flush(): Promise<void> {
    this.handOff();
    await this.writer.idle();
    this.reportDrops();
  }

  /** Blocks (process `exit`) until the writer has stored what it was handed, at most until the exit deadline. */
  flushSync(): void {
    this.handOff();
    const waitMs = Math.max(0, (this.deadlineAt ?? Date.now() + this.options.exitTimeoutMs) - Date.now());
    if (!this.writer.idleSync(waitMs)) {
      logOnce("store-exit-timeout", `the local store could not write ${this.writer.inFlight} trace(s) before the exit deadline (exitTimeoutMs, TRACELOOM_EXIT_TIMEOUT_MS)`);
    }
  }

  /** The writer retries a busy database by itself; at exit, {@link flushSync} waits for it until `deadlineAt`. */
  beginClose(deadlineAt: number): void {
    this.deadlineAt = deadlineAt;
  }

  stats(): QueueStats {
    const counts = this.writer.counts();
    const stats: QueueStats = {
      sink: this.sink.name,
      queued: this.items.length + Math.max(0, this.built - counts.written - counts.dropped),
      exported: counts.written,
      dropped: counts.dropped + this.failedToBuild,
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
