import type { TraceJSON } from "../entities/trace.js";
import { SqliteTraceStore } from "../store/sqlite-store.js";
import type { TraceStore } from "../store/trace-store.js";
import type { BatchWriter } from "../store/writer/batch-writer.js";
import { InlineWriter } from "../store/writer/inline-writer.js";
import { writerScriptPath } from "../store/writer/locate-worker.js";
import { StoreQueue } from "../store/writer/store-queue.js";
import { ThreadWriter } from "../store/writer/thread-writer.js";
import type { QueueOptions } from "./batch-queue.js";
import type { SinkQueue } from "./export-queue.js";
import type { TraceSink } from "./trace-sink.js";

/** Memory the local store's writer may hold before further batches spill to a temporary file, bytes. */
export const STORE_BUFFER_BYTES = 16 * 2 ** 20;

/**
 * The local store as a destination. Its queue never drops: a SQLite store is written by a writer thread with its
 * own connection (so a locked or slow database never stalls the program), bursts beyond {@link STORE_BUFFER_BYTES} in flight
 * spill to a temporary file, and `flush()` / exit wait until everything is stored. `TRACELOOM_STORE_WRITER=inline`
 * writes on the main thread instead (as does a bundle that lacks dist/store-writer.js, and the in-memory store).
 */
export class StoreSink implements TraceSink {
  readonly name: string;

  constructor(readonly store: TraceStore) {
    this.name = `store:${store.uri}`;
  }

  export(traces: TraceJSON[]): void {
    this.store.writeTraces(traces);
  }

  exportSync(traces: TraceJSON[]): void {
    this.store.writeTraces(traces);
  }

  /** The queue the export pipeline hosts for this store (it never drops). */
  createQueue(options: QueueOptions): SinkQueue {
    return new StoreQueue(this, this.createWriter(), options);
  }

  private createWriter(): BatchWriter {
    const script = process.env.TRACELOOM_STORE_WRITER?.trim().toLowerCase() === "inline" ? undefined : writerScriptPath();
    if (script && this.store instanceof SqliteTraceStore) {
      const store = this.store;
      return new ThreadWriter(script, store.path, () => store, STORE_BUFFER_BYTES);
    }
    return new InlineWriter(this.store);
  }
}
