/** Where a batch sits in a {@link SharedRing}: its bytes, and what the ring takes back when it is released. */
export interface RingRef {
  offset: number;
  length: number;
  /** `length` plus the ring's tail skipped to place it (a batch never wraps around). */
  charge: number;
}

/**
 * Memory shared with the writer thread, written in a circle: batches are placed one after another and released, in
 * the same order, once the writer has stored them. Reusing one buffer matters here: on this kind of virtual machine a
 * page touched for the first time costs tens of µs, so a fresh buffer per batch (transferred to the thread) cost the
 * sending thread more than encoding the batch (measured: 1.2 MB written into fresh memory 2–30 ms, into reused
 * memory 0.07 ms). For the same reason batches are written text by text: V8 makes a large string (a join, or
 * JSON.stringify of a whole batch) as a rope and flattens it into fresh memory when it is first read. The released
 * count lives in shared memory too, so the sending thread sees free space even while it never lets its event loop run.
 */
export class SharedRing {
  readonly bytes: Buffer;
  /** Slot 0: bytes released by the writer thread, in all. */
  readonly released: BigInt64Array;
  private placed = 0;
  private at = 0;

  constructor(
    readonly memory: SharedArrayBuffer,
    released: SharedArrayBuffer,
  ) {
    this.bytes = Buffer.from(memory);
    this.released = new BigInt64Array(released);
  }

  /** A ring of `capacity` bytes. */
  static create(capacity: number): SharedRing {
    return new SharedRing(new SharedArrayBuffer(capacity), new SharedArrayBuffer(8));
  }

  /**
   * Writes `texts` one after another as UTF-8 into free space, pushing each one's byte length to `lengths`;
   * undefined (and `lengths` untouched) when they may not fit now (the caller spills them). Room is judged by
   * {@link maxBytes}, so no text is measured before it is written.
   */
  place(texts: readonly string[], lengths: number[]): RingRef | undefined {
    const capacity = this.bytes.length;
    const room = maxBytes(texts);
    const free = capacity - (this.placed - Number(Atomics.load(this.released, 0)));
    let offset = this.at;
    let skipped = 0;
    if (offset + room > capacity) {
      skipped = capacity - offset;
      offset = 0;
    }
    if (room > capacity || room + skipped > free) return undefined;
    const length = writeTexts(this.bytes, offset, texts, lengths) - offset;
    const charge = length + skipped;
    this.placed += charge;
    this.at = offset + length;
    return { offset, length, charge };
  }

  /** The texts of a placed batch ({@link readTexts}; either thread). */
  read(ref: RingRef, lengths: ArrayLike<number>): string[] {
    return readTexts(this.bytes, ref.offset, lengths);
  }

  /** Gives a batch's space back (the writer thread, once the batch is stored or given up on). */
  release(ref: RingRef): void {
    Atomics.add(this.released, 0, BigInt(ref.charge));
  }
}

/** Most bytes `texts` take as UTF-8 (3 per UTF-16 unit), without measuring them. */
export function maxBytes(texts: readonly string[]): number {
  let n = 0;
  for (const t of texts) n += 3 * t.length;
  return n;
}

/**
 * Writes `texts` as UTF-8 one after another from `offset` (`into` must have {@link maxBytes} of room), pushing each
 * one's byte length to `lengths`; returns the end offset.
 */
export function writeTexts(into: Buffer, offset: number, texts: readonly string[], lengths: number[]): number {
  let at = offset;
  for (const text of texts) {
    const n = into.write(text, at, "utf8");
    lengths.push(n);
    at += n;
  }
  return at;
}

/** The texts {@link writeTexts} wrote at `offset`, decoded one by one (decoding the whole batch at once would put it in fresh memory). */
export function readTexts(from: Buffer, offset: number, lengths: ArrayLike<number>): string[] {
  const out: string[] = [];
  let at = offset;
  for (let i = 0; i < lengths.length; i++) {
    out.push(from.toString("utf8", at, at + lengths[i]));
    at += lengths[i];
  }
  return out;
}
