import { SqliteTraceStore } from "../sqlite-store.js";
import type { TraceStore } from "../trace-store.js";
import type { BatchWriter, WriterCounts } from "./batch-writer.js";
import { decodeTrace } from "./encoded-trace.js";
import { encodeStoreTrace, type StoreTrace } from "./store-trace.js";

/**
 * Writes each batch at once, on the calling thread: for the in-memory store, and the fallback where no writer
 * thread can run (a bundle without dist/store-writer.js, `TRACELOOM_STORE_WRITER=inline`).
 */
export class InlineWriter implements BatchWriter {
  private readonly tally: WriterCounts = { written: 0, dropped: 0 };

  constructor(private readonly store: TraceStore) {}

  readonly inFlight = 0;

  write(batch: StoreTrace[]): void {
    const count = batch.length;
    try {
      const traces = batch.map(encodeStoreTrace);
      if (this.store instanceof SqliteTraceStore) this.store.writeEncodedTraces(traces);
      else this.store.writeTraces(traces.map(decodeTrace));
      this.tally.written += count;
    } catch (err) {
      this.lose(count, err);
    }
  }

  /** Counts traces that could not be written. */
  lose(count: number, err: unknown): void {
    this.tally.dropped += count;
    this.tally.lastError = err instanceof Error ? err.message : String(err);
  }

  idle(): Promise<void> {
    return Promise.resolve();
  }

  idleSync(): boolean {
    return true;
  }

  stopSync(): void {}

  counts(): WriterCounts {
    return { ...this.tally };
  }

  async close(): Promise<void> {}
}
