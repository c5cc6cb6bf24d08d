import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { logOnce } from "../../log.js";
import type { TraceStore } from "../trace-store.js";
import type { BatchWriter, WriterCounts } from "./batch-writer.js";
import { InlineWriter } from "./inline-writer.js";
import { Slot, SLOT_COUNT, type FromWriter, type SpillRef, type ToWriter, type WriteJob, type WriterData } from "./protocol.js";
import { maxBytes, readTexts, SharedRing, writeTexts, type RingRef } from "./shared-ring.js";
import { addPieces, tracesFromPieces, type StoreTrace } from "./store-trace.js";
import { SpillFile, SpillReader } from "./spill-file.js";
import { processIdentity } from "../../tracer/trace-info-builder.js";

/**
 * A batch handed over and not yet reported done: its size, and where its text is (the ring or a spill file; a batch
 * sent in a message is not kept here — holding a second copy would double the memory and the GC work).
 */
interface Unfinished {
  count: number;
  counts: Uint32Array;
  lengths: Uint32Array;
  bytes: number;
  ring?: RingRef;
  spill?: SpillRef;
  /** Kept only until the thread reports it opened the store, so a thread that cannot start loses nothing. */
  traces?: StoreTrace[];
}

/**
 * Hands batches to a writer thread with its own SQLite connection. Batches wait as text in a ring of shared memory of
 * `maxBufferBytes`; beyond that they go to a spill file, so a locked database or a burst costs disk rather than
 * memory, and nothing is dropped. The thread keeps the process alive only while a flush() is awaited: at the end
 * of a program the exit hooks wait for it, up to the exit deadline, so a database locked for good cannot hang it.
 */
export class ThreadWriter implements BatchWriter {
  private readonly worker: Worker;
  private readonly counters = new Int32Array(new SharedArrayBuffer(SLOT_COUNT * 4));
  private readonly unfinished = new Map<number, Unfinished>();
  private readonly spill = new SpillFile();
  private readonly ring: SharedRing;
  /** Reused for batches written to the spill file (fresh memory is slow to touch, see {@link SharedRing}). */
  private scratch = Buffer.alloc(0);
  private seq = 0;
  private memoryBytes = 0;
  private spilledBatches = 0;
  private inFlightTraces = 0;
  private waiters: (() => void)[] = [];
  /** True once the thread has opened the store. */
  private ready = false;
  private lastError: string | undefined;
  /** Set when the thread could not open the store or died: from then on batches are written here. */
  private fallback: InlineWriter | undefined;

  constructor(
    script: string,
    dbPath: string,
    private readonly fallbackStore: () => TraceStore,
    maxBufferBytes: number,
  ) {
    this.ring = SharedRing.create(maxBufferBytes);
    const data: WriterData = {
      dbPath,
      identity: processIdentity(),
      counters: this.counters.buffer as SharedArrayBuffer,
      ring: this.ring.memory,
      ringReleased: this.ring.released.buffer as SharedArrayBuffer,
    };
    const [entry, how] = writerEntry(script, process.execArgv);
    this.worker = new Worker(entry, { ...how, workerData: data, name: "traceloom-store-writer" });
    this.worker.on("message", (m: FromWriter) => this.onMessage(m));
    this.worker.on("error", (err) => this.onDeath(err));
    this.worker.on("exit", () => this.onDeath(new Error("the store writer thread exited")));
    // After the listeners: adding a "message" listener refs the worker's port again.
    this.worker.unref();
  }

  /** The temporary file that takes batches beyond the memory bound. */
  get spillPath(): string {
    return this.spill.path;
  }

  get inFlight(): number {
    return this.inFlightTraces;
  }

  write(traces: StoreTrace[]): void {
    if (this.fallback) return this.fallback.write(traces);
    const seq = ++this.seq;
    const texts: string[] = [];
    const counts = Uint32Array.from(traces, (t) => addPieces(t, texts));
    const measured: number[] = [];
    const ring = this.ring.place(texts, measured);
    const spill = ring ? undefined : this.spillTexts(texts, measured);
    let packed: Buffer | undefined;
    if (!ring && !spill) {
      measured.length = 0;
      for (const t of texts) measured.push(Buffer.byteLength(t));
      packed = Buffer.from(texts.join(""));
      this.memoryBytes += packed.byteLength;
    }
    const lengths = Uint32Array.from(measured);
    const job: WriteJob = { seq, counts, lengths };
    const entry: Unfinished = { count: traces.length, bytes: packed?.byteLength ?? 0, counts, lengths };
    if (ring) job.ring = ring;
    if (spill) job.spill = spill;
    if (packed) job.packed = packed;
    if (job.ring) entry.ring = job.ring;
    if (job.spill) {
      entry.spill = job.spill;
      this.spilledBatches++;
    }
    if (!this.ready) entry.traces = traces;
    this.inFlightTraces += traces.length;
    this.unfinished.set(seq, entry);
    this.post({ kind: "write", ...job }, job.packed ? [job.packed.buffer as ArrayBuffer] : []);
  }

  /** Appends a batch's texts to the spill file; undefined (and a line in the log) when the disk refuses it. */
  private spillTexts(texts: string[], lengths: number[]): SpillRef | undefined {
    const room = maxBytes(texts);
    if (this.scratch.length < room) this.scratch = Buffer.allocUnsafeSlow(Math.max(room, 2 * this.scratch.length));
    const length = writeTexts(this.scratch, 0, texts, lengths);
    try {
      return this.spill.append(this.scratch.subarray(0, length));
    } catch (err) {
      logOnce("store-spill", `could not spill traces to ${this.spill.path}; they are kept in memory`, err);
      return undefined;
    }
  }

  private post(message: ToWriter, transfer: ArrayBuffer[] = []): void {
    try {
      this.worker.postMessage(message, transfer);
    } catch (err) {
      this.onDeath(err);
    }
  }

  private onMessage(m: FromWriter): void {
    if (m.kind === "fatal") {
      this.onDeath(new Error(m.error));
      return;
    }
    if (m.kind === "ready") {
      this.ready = true;
      for (const batch of this.unfinished.values()) delete batch.traces;
      return;
    }
    if (m.error !== undefined) this.lastError = m.error;
    for (const [seq, batch] of this.unfinished) {
      if (seq > m.seq) break;
      this.settle(seq, batch);
    }
    if (this.spilledBatches === 0 && this.spill.size > 0) this.spill.reset();
    if (this.inFlightTraces === 0) this.wakeWaiters();
  }

  /** Resolves every idle() wait; the thread no longer needs to keep the process alive for them. */
  private wakeWaiters(): void {
    if (this.waiters.length === 0) return;
    this.worker.unref();
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private settle(seq: number, batch: Unfinished): void {
    this.unfinished.delete(seq);
    this.memoryBytes -= batch.bytes;
    this.inFlightTraces -= batch.count;
    if (batch.spill) this.spilledBatches--;
  }

  /**
   * The thread is gone: from now on batches are written here. Of what it had not finished, spilled batches are read
   * back and written (a rewrite of a stored trace is harmless: it merges); batches it held in memory are counted as
   * dropped, with the reason. A thread that cannot open the store dies before it holds anything.
   */
  private onDeath(err: unknown): void {
    if (this.fallback) return;
    logOnce("store-writer-died", "the store writer thread stopped; writing on the main thread from now on", err);
    const fallback = new InlineWriter(this.fallbackStore());
    this.fallback = fallback;
    const reader = new SpillReader();
    const done = Atomics.load(this.counters, Slot.DONE_SEQ);
    for (const [seq, batch] of this.unfinished) {
      try {
        if (seq <= done) continue;
        const texts = batch.ring ? this.ring.read(batch.ring, batch.lengths) : batch.spill && readTexts(Buffer.from(reader.read(batch.spill)), 0, batch.lengths);
        const traces = batch.traces ?? (texts && tracesFromPieces(texts, batch.counts));
        if (traces) fallback.write(traces);
        else fallback.lose(batch.count, err);
      } catch (readErr) {
        fallback.lose(batch.count, readErr);
      } finally {
        this.settle(seq, batch);
      }
    }
    reader.close();
    this.inFlightTraces = 0;
    this.wakeWaiters();
  }

  /**
   * Resolves once everything handed over is done. With `keepAlive` (an awaited flush()), the thread keeps the
   * process alive meanwhile; at exit the hooks' own deadline does that instead.
   */
  idle(keepAlive = true): Promise<void> {
    if (this.inFlightTraces === 0 || this.fallback) return Promise.resolve();
    if (keepAlive) this.worker.ref();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  idleSync(timeoutMs: number): boolean {
    if (this.fallback) return true;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const done = Atomics.load(this.counters, Slot.DONE_SEQ);
      if (done >= this.seq) return true;
      const left = deadline - Date.now();
      if (left <= 0) return false;
      Atomics.wait(this.counters, Slot.DONE_SEQ, done, left);
    }
  }

  /**
   * At process exit, when the writer did not finish in time: asks it to leave SQLite alone and waits (at most
   * `timeoutMs`) until it does, so tearing the thread down cannot catch it inside a SQLite call.
   */
  stopSync(timeoutMs: number): void {
    if (this.fallback) return;
    Atomics.store(this.counters, Slot.STOP, 1);
    Atomics.wait(this.counters, Slot.STOPPED, 0, timeoutMs);
  }

  counts(): WriterCounts {
    const own = this.fallback?.counts();
    const counts: WriterCounts = {
      written: Atomics.load(this.counters, Slot.WRITTEN) + (own?.written ?? 0),
      dropped: Atomics.load(this.counters, Slot.DROPPED) + (own?.dropped ?? 0),
    };
    const lastError = own?.lastError ?? this.lastError;
    if (lastError !== undefined) counts.lastError = lastError;
    return counts;
  }

  async close(): Promise<void> {
    await this.idle();
    if (!this.fallback) {
      this.worker.removeAllListeners("exit");
      const exited = new Promise<void>((resolve) => this.worker.once("exit", () => resolve()));
      this.worker.ref();
      this.post({ kind: "close" });
      await exited;
    }
    this.spill.remove();
  }
}

/**
 * How the writer thread is started: from its file, or — when the program was given as code (`node --input-type=module
 * -e …`, a heredoc) — from one line of code that imports the file: a worker inherits the program's `--input-type`, which
 * is only valid for code, so a worker started from a file fails to load; code is read as that type, and `import()` is
 * valid in both. (Passing the options without it instead is no way out: a worker refuses inherited per-process
 * options such as `--expose-gc` once they are passed explicitly.)
 */
export function writerEntry(script: string, execArgv: readonly string[]): [string, { eval: boolean }] {
  if (!execArgv.some((a) => a === "--input-type" || a.startsWith("--input-type="))) return [script, { eval: false }];
  return [`import(${JSON.stringify(pathToFileURL(script).href)});`, { eval: true }];
}
