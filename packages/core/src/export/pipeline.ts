import { logOnce } from "../log.js";
import { BatchQueue, DEFAULT_QUEUE_OPTIONS, type QueueOptions } from "./batch-queue.js";
import type { PendingTrace, QueueStats, SinkQueue } from "./export-queue.js";
import { oneLine } from "./one-line.js";
import type { TraceSink } from "./trace-sink.js";

/**
 * Fans finished traces out to every destination, each behind its own queue (a slow one never holds up another):
 * a {@link BatchQueue} in front of a plain sink, or the queue a sink brings itself (`createQueue`).
 */
export class ExportPipeline {
  private readonly queues: SinkQueue[];
  /** How long export may still take at process exit, ms. */
  readonly exitTimeoutMs: number;

  constructor(sinks: TraceSink[], options: Partial<QueueOptions> = {}) {
    const merged = { ...DEFAULT_QUEUE_OPTIONS, ...options };
    this.exitTimeoutMs = merged.exitTimeoutMs;
    this.queues = sinks.map((s) => s.createQueue?.(merged) ?? new BatchQueue(s, merged));
  }

  /** Hands a finished trace to every destination. */
  push(trace: PendingTrace): void {
    for (const q of this.queues) q.push(trace);
  }

  get pending(): number {
    return this.queues.reduce((n, q) => n + q.pending, 0);
  }

  async flush(): Promise<void> {
    await Promise.all(this.queues.map((q) => q.flush()));
  }

  /** The process is exiting: every destination may work until `deadlineAt` (epoch ms), then drops what is left. */
  beginClose(deadlineAt: number): void {
    for (const q of this.queues) q.beginClose(deadlineAt);
  }

  flushSync(): void {
    for (const q of this.queues) q.flushSync();
  }

  async shutdown(): Promise<void> {
    await this.flush();
    for (const q of this.queues) {
      try {
        await q.sink.shutdown?.();
        await q.close?.();
      } catch (err) {
        logOnce(`shutdown:${q.sink.name}`, `${q.sink.name} failed to shut down: ${oneLine(err)}`);
      }
    }
  }

  stats(): QueueStats[] {
    return this.queues.map((q) => q.stats());
  }
}
