import { describe, expect, it } from "vitest";
import { SharedRing } from "../../src/store/writer/shared-ring.js";

/** Places JSON texts as the writer does (with their UTF-8 lengths). */
function place(ring: SharedRing, texts: string[]) {
  const lengths = texts.map((t) => Buffer.byteLength(t));
  const ref = ring.place(texts, lengths);
  return ref && { ref, back: () => ring.parse(ref, lengths) };
}

describe("the shared ring the writer thread reads batches from", () => {
  it("places batches one after another, joined by commas, and parses them back (UTF-8)", () => {
    const ring = SharedRing.create(64);
    const a = place(ring, ['"é"', "1"])!;
    const b = place(ring, ['"🧵"'])!;
    expect(a.ref).toEqual({ offset: 0, length: 6, charge: 6 });
    expect(b.ref).toEqual({ offset: 6, length: 6, charge: 6 });
    expect(a.back()).toEqual(["é", 1]);
    expect(b.back()).toEqual(["🧵"]);
  });

  it("refuses what does not fit until the reader releases, and never splits a batch at the end", () => {
    const ring = SharedRing.create(20);
    const first = place(ring, [`"${"x".repeat(6)}"`])!;
    const second = place(ring, [`"${"y".repeat(6)}"`])!;
    expect(place(ring, [`"${"z".repeat(6)}"`])).toBeUndefined();
    ring.release(first.ref);
    // 4 bytes are left at the end: the batch goes to the start and is charged for the skipped tail.
    const third = place(ring, [`"${"z".repeat(6)}"`])!;
    expect(third.ref).toEqual({ offset: 0, length: 8, charge: 12 });
    expect(second.back()).toEqual(["y".repeat(6)]);
    expect(third.back()).toEqual(["z".repeat(6)]);
    expect(place(ring, ["1"])).toBeUndefined();
    ring.release(second.ref);
    ring.release(third.ref);
    expect(place(ring, ["1234", "56789", "0"])!.ref).toEqual({ offset: 8, length: 12, charge: 12 });
  });

  it("refuses a batch larger than the whole ring", () => {
    expect(place(SharedRing.create(10), [`"${"x".repeat(10)}"`])).toBeUndefined();
  });
});
