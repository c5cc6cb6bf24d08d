/**
 * Entry of the store's writer thread (built as dist/store-writer.js): owns one SQLite connection and writes the
 * batches the main thread hands over, so a locked or slow database never stalls the traced program's event loop.
 * Batches that arrive while a write runs are coalesced into the next transaction. A busy database is retried until
 * it frees up (a trace is never dropped for that); any other error is isolated to the traces that cause it.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { EncodedTrace } from "./encoded-trace.js";
import { SqliteTraceStore } from "../sqlite-store.js";
import { adoptProcessIdentity } from "../../tracer/trace-info-builder.js";
import { isBusyError } from "./busy.js";
import { Slot, type FromWriter, type SpillRef, type ToWriter, type WriteJob, type WriterData } from "./protocol.js";
import { readTexts, SharedRing } from "./shared-ring.js";
import { encodeStoreTrace, tracesFromPieces, type StoreTrace } from "./store-trace.js";
import { SpillReader } from "./spill-file.js";

/** Traces written in one transaction at most (bounds how long the write lock is held). */
const MAX_TRACES_PER_TRANSACTION = 2_000;
/**
 * How long an idle writer waits after a batch arrives before writing, so the few batches a busy program hands over
 * in that time share one transaction (a commit costs more than the rows of a small trace). flush() waits this long more.
 */
const COALESCE_MS = 10;
const RETRY_FIRST_MS = 20;
const RETRY_MAX_MS = 200;
/**
 * SQLite's own wait for a lock, ms. Short: a thread blocked inside SQLite cannot be stopped cleanly at process exit,
 * so the writer waits for a lock in its own retry loop instead, checking the STOP slot between attempts.
 */
const BUSY_TIMEOUT_MS = 100;

/**
 * A batch waiting in the thread: serialized as it arrived; once taken for a transaction, its traces built, with the
 * count (and last error) of those that could not be.
 */
interface Pending extends WriteJob {
  traces?: EncodedTrace[];
  lost?: number;
  error?: string;
}

if (parentPort) startWriter(parentPort, workerData as WriterData);

function startWriter(port: NonNullable<typeof parentPort>, data: WriterData): void {
  adoptProcessIdentity(data.identity);
  const counters = new Int32Array(data.counters);
  const send = (message: FromWriter) => port.postMessage(message);
  let store: SqliteTraceStore;
  try {
    store = new SqliteTraceStore(data.dbPath, { busyTimeoutMs: BUSY_TIMEOUT_MS });
  } catch (err) {
    send({ kind: "fatal", error: describe(err) });
    port.close();
    return;
  }
  send({ kind: "ready" });
  const spills = new SpillReader();
  const ring = new SharedRing(data.ring, data.ringReleased);
  const queue: Pending[] = [];
  let scheduled = false;
  let retryMs = RETRY_FIRST_MS;

  const schedule = (delayMs = 0) => {
    if (scheduled) return;
    scheduled = true;
    const run = () => {
      scheduled = false;
      writeSome();
    };
    if (delayMs > 0) setTimeout(run, delayMs);
    else setImmediate(run);
  };

  const finish = (seq: number, written: number, dropped: number, error?: string) => {
    Atomics.add(counters, Slot.WRITTEN, written);
    Atomics.add(counters, Slot.DROPPED, dropped);
    Atomics.store(counters, Slot.DONE_SEQ, seq);
    Atomics.notify(counters, Slot.DONE_SEQ);
    send(error === undefined ? { kind: "done", seq, dropped } : { kind: "done", seq, dropped, error });
  };

  /** The process is exiting without us: stop touching SQLite and say so (the main thread waits for it). */
  function stopped(): boolean {
    if (Atomics.load(counters, Slot.STOP) === 0) return false;
    Atomics.store(counters, Slot.STOPPED, 1);
    Atomics.notify(counters, Slot.STOPPED);
    return true;
  }

  function writeSome(): void {
    if (stopped()) return;
    const jobs: Pending[] = [];
    let count = 0;
    while (queue.length && count < MAX_TRACES_PER_TRANSACTION) {
      const job = queue.shift() as Pending;
      const traces = job.traces ?? load(job);
      count += traces.length;
      jobs.push(job);
    }
    if (jobs.length === 0) return;
    const traces = jobs.flatMap((j) => j.traces as EncodedTrace[]);
    const outcome = writeAll(traces);
    if (outcome === "busy") {
      queue.unshift(...jobs);
      if (stopped()) return;
      schedule(retryMs);
      retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
      return;
    }
    retryMs = RETRY_FIRST_MS;
    // Stored (or given up on): their ring space can take new batches.
    for (const j of jobs) if (j.ring) ring.release(j.ring);
    const last = jobs[jobs.length - 1].seq;
    const lost = jobs.reduce((n, j) => n + (j.lost ?? 0), 0);
    const loadError = jobs.reduce<string | undefined>((e, j) => j.error ?? e, undefined);
    finish(last, traces.length - outcome.dropped, outcome.dropped + lost, outcome.error ?? loadError);
    if (queue.length) schedule();
  }

  /**
   * Reads a batch's text and builds its traces. A trace that cannot be built costs only itself; an unreadable
   * batch loses its traces (the error says why).
   */
  function load(job: Pending): EncodedTrace[] {
    const traces: EncodedTrace[] = [];
    job.traces = traces;
    job.lost = 0;
    let batch: StoreTrace[] = [];
    try {
      batch = read(job);
    } catch (err) {
      job.lost = job.counts.length;
      job.error = describe(err);
    }
    delete job.packed;
    for (const t of batch) {
      try {
        traces.push(encodeStoreTrace(t));
      } catch (err) {
        job.lost++;
        job.error = describe(err);
      }
    }
    return traces;
  }

  function read(job: Pending): StoreTrace[] {
    if (job.ring) return tracesFromPieces(ring.read(job.ring, job.lengths), job.counts);
    const bytes = job.packed ?? spills.read(job.spill as SpillRef);
    return tracesFromPieces(readTexts(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 0, job.lengths), job.counts);
  }

  /** Writes in one transaction; on an error other than busy, trace by trace, so one bad trace costs only itself. */
  function writeAll(traces: EncodedTrace[]): "busy" | { dropped: number; error?: string } {
    if (traces.length === 0) return { dropped: 0 };
    try {
      store.writeEncodedTraces(traces);
      return { dropped: 0 };
    } catch (err) {
      if (isBusyError(err)) return "busy";
    }
    let dropped = 0;
    let error: string | undefined;
    for (let i = 0; i < traces.length; i++) {
      try {
        store.writeEncodedTraces([traces[i]]);
      } catch (err) {
        if (isBusyError(err)) {
          // The lock was lost part-way: what is written stays written (merging makes a rewrite harmless).
          return "busy";
        }
        dropped++;
        error = describe(err);
      }
    }
    return { dropped, error };
  }

  port.on("message", (message: ToWriter) => {
    if (message.kind === "close") {
      spills.close();
      store.close();
      port.close();
      return;
    }
    queue.push(message);
    schedule(COALESCE_MS);
  });
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
