import type { TraceJSON } from "../entities/trace.js";
import type { TraceStore } from "../store/trace-store.js";
import type { TraceSink } from "./trace-sink.js";

/** Writes batches into a {@link TraceStore} (synchronously, so it can also drain at process exit). */
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
}
