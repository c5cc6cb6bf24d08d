import { logOnce } from "../log.js";
import { BatchQueue, DEFAULT_QUEUE_OPTIONS, type PendingTrace, type QueueOptions, type QueueStats } from "./batch-queue.js";
import type { TraceSink } from "./trace-sink.js";

/** Fans finished traces out to every sink, each behind its own bounded queue (a slow sink never holds up another). */
export class ExportPipeline {
  private readonly queues: BatchQueue[];

  constructor(sinks: TraceSink[], options: Partial<QueueOptions> = {}) {
    const merged = { ...DEFAULT_QUEUE_OPTIONS, ...options };
    this.queues = sinks.map((s) => new BatchQueue(s, merged));
  }

  /** Hands a finished trace to every sink's queue. */
  push(trace: PendingTrace): void {
    for (const q of this.queues) q.push(trace);
  }

  get pending(): number {
    return this.queues.reduce((n, q) => n + q.pending, 0);
  }

  async flush(): Promise<void> {
    await Promise.all(this.queues.map((q) => q.flush()));
  }

  /** No more retries on any queue (process exit). */
  beginClose(): void {
    for (const q of this.queues) q.beginClose();
  }

  flushSync(): void {
    for (const q of this.queues) q.flushSync();
  }

  async shutdown(): Promise<void> {
    await this.flush();
    for (const q of this.queues) {
      try {
        await q.sink.shutdown?.();
      } catch (err) {
        logOnce(`shutdown:${q.sink.name}`, `sink ${q.sink.name} failed to shut down`, err);
      }
    }
  }

  stats(): QueueStats[] {
    return this.queues.map((q) => q.stats());
  }
}
