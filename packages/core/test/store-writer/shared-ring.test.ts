import { describe, expect, it } from "vitest";
import { SharedRing } from "../../src/store/writer/shared-ring.js";

/** Places texts as the writer does; the ring measures them as it writes them. */
function place(ring: SharedRing, texts: string[]) {
  const lengths: number[] = [];
  const ref = ring.place(texts, lengths);
  return ref && { ref, lengths, back: () => ring.read(ref, lengths) };
}

describe("the shared ring the writer thread reads batches from", () => {
  it("places batches one after another, text by text, and reads them back (UTF-8)", () => {
    const ring = SharedRing.create(64);
    const a = place(ring, ['"é"', "1"])!;
    const b = place(ring, ['"🧵"'])!;
    expect(a.ref).toEqual({ offset: 0, length: 5, charge: 5 });
    expect(a.lengths).toEqual([4, 1]);
    expect(b.ref).toEqual({ offset: 5, length: 6, charge: 6 });
    expect(a.back()).toEqual(['"é"', "1"]);
    expect(b.back()).toEqual(['"🧵"']);
  });

  it("judges room by 3 bytes per UTF-16 unit, refuses what may not fit until the reader releases, and never splits a batch at the end", () => {
    const ring = SharedRing.create(30);
    const first = place(ring, ["x".repeat(6)])!;
    const second = place(ring, ["y".repeat(6)])!;
    const third = place(ring, ["z".repeat(6)])!;
    expect(third.ref).toEqual({ offset: 12, length: 6, charge: 6 });
    // 18 bytes of room are wanted: not before the end (12 bytes left), and the start is not free yet.
    const refused: number[] = [];
    expect(ring.place(["w".repeat(6)], refused)).toBeUndefined();
    expect(refused).toEqual([]);
    ring.release(first.ref);
    expect(place(ring, ["w".repeat(6)])).toBeUndefined();
    ring.release(second.ref);
    ring.release(third.ref);
    // Placed at the start, charged for the skipped tail too.
    const fourth = place(ring, ["w".repeat(6)])!;
    expect(fourth.ref).toEqual({ offset: 0, length: 6, charge: 18 });
    expect(fourth.back()).toEqual(["w".repeat(6)]);
    expect(place(ring, ["ab"])!.ref).toEqual({ offset: 6, length: 2, charge: 2 });
  });

  it("refuses a batch that may be larger than the whole ring", () => {
    expect(place(SharedRing.create(10), ["x".repeat(4)])).toBeUndefined();
  });
});
