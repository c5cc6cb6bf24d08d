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
 * memory 0.07 ms). For the same reason batches are written trace by trace: V8 makes a large string (a join, or
 * JSON.stringify of a whole batch) as a rope and flattens it into fresh memory when it is first read. The released count lives in shared memory too, so the sending thread sees free space even while
 * it never lets its event loop run.
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
   * Writes `texts` (whose UTF-8 `lengths` are given) separated by commas, into free space; undefined when they do not fit now (the caller
   * spills them). Each text is written as it is: joining them first would make one large string, and V8 builds a large
   * string in fresh memory (see above).
   */
  place(texts: readonly string[], lengths: readonly number[]): RingRef | undefined {
    const capacity = this.bytes.length;
    const length = joinedLength(lengths);
    const free = capacity - (this.placed - Number(Atomics.load(this.released, 0)));
    let offset = this.at;
    let charge = length;
    if (offset + length > capacity) {
      charge += capacity - offset;
      offset = 0;
    }
    if (length > capacity || charge > free) return undefined;
    writeJoined(this.bytes, offset, texts, lengths);
    this.placed += charge;
    this.at = offset + length;
    return { offset, length, charge };
  }

  /** The texts of a placed batch, parsed ({@link parseJoined}; either thread). */
  parse(ref: RingRef, lengths: readonly number[]): unknown[] {
    return parseJoined(this.bytes, ref.offset, lengths);
  }

  /** Gives a batch's space back (the writer thread, once the batch is stored or given up on). */
  release(ref: RingRef): void {
    Atomics.add(this.released, 0, BigInt(ref.charge));
  }
}

/** Writes `texts` (whose UTF-8 `lengths` are given) at `offset`, separated by commas; returns the end offset. */
export function writeJoined(into: Buffer, offset: number, texts: readonly string[], lengths: readonly number[]): number {
  let at = offset;
  for (let i = 0; i < texts.length; i++) {
    if (i > 0) into[at++] = 0x2c;
    at += into.write(texts[i], at, lengths[i], "utf8");
  }
  return at;
}

/** Bytes of texts of these UTF-8 `lengths` joined by commas. */
export function joinedLength(lengths: readonly number[]): number {
  return lengths.reduce((n, l) => n + l, 0) + Math.max(0, lengths.length - 1);
}

/**
 * The JSON texts {@link writeJoined} wrote at `offset`, parsed one by one: decoding the whole batch into one string
 * would put it in fresh memory.
 */
export function parseJoined(from: Buffer, offset: number, lengths: readonly number[]): unknown[] {
  const out: unknown[] = [];
  let at = offset;
  for (const length of lengths) {
    out.push(JSON.parse(from.toString("utf8", at, at + length)));
    at += length + 1;
  }
  return out;
}
