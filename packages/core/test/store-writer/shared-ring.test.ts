import { describe, expect, it } from "vitest";
import { SharedRing } from "../../src/store/writer/shared-ring.js";

describe("the shared ring the writer thread reads batches from", () => {
  it("places batches one after another, joined by commas, and reads them back (UTF-8)", () => {
    const ring = SharedRing.create(64);
    const a = ring.place(['"é"', "1"]);
    const b = ring.place(['"🧵"']);
    expect(a).toEqual({ offset: 0, length: 6, charge: 6 });
    expect(b).toEqual({ offset: 6, length: 6, charge: 6 });
    expect(ring.read(a!)).toBe('"é",1');
    expect(ring.read(b!)).toBe('"🧵"');
  });

  it("refuses what does not fit until the reader releases, and never splits a batch at the end", () => {
    const ring = SharedRing.create(20);
    const first = ring.place(["x".repeat(8)])!;
    const second = ring.place(["y".repeat(8)])!;
    expect(ring.place(["z".repeat(8)])).toBeUndefined();
    ring.release(first);
    // 4 bytes are left at the end: the batch goes to the start and is charged for the skipped tail.
    const third = ring.place(["z".repeat(8)])!;
    expect(third).toEqual({ offset: 0, length: 8, charge: 12 });
    expect(ring.read(second)).toBe("y".repeat(8));
    expect(ring.read(third)).toBe("z".repeat(8));
    expect(ring.place(["w"])).toBeUndefined();
    ring.release(second);
    ring.release(third);
    expect(ring.place(["w".repeat(12)])).toEqual({ offset: 8, length: 12, charge: 12 });
  });

  it("refuses a batch larger than the whole ring", () => {
    expect(SharedRing.create(10).place(["x".repeat(11)])).toBeUndefined();
  });
});
