import { describe, expect, it } from "vitest";
import { int, ms, ratio, table } from "../src/format.mjs";

describe("format", () => {
  it("shows milliseconds with a precision that suits their size", () => {
    expect(ms(0.04567)).toBe("0.0457 ms");
    expect(ms(-0.5)).toBe("-0.5000 ms");
    expect(ms(3.14159)).toBe("3.14 ms");
    expect(ms(1234.5)).toBe("1235 ms");
    expect(ms(Number.NaN)).toBe("n/a");
  });

  it("shows ratios, and n/a for a denominator that is not positive", () => {
    expect(ratio(50, 2)).toBe("×25.00");
    expect(ratio(1, 0)).toBe("n/a");
    expect(ratio(1, -0.01)).toBe("n/a");
  });

  it("groups thousands", () => {
    expect(int(97825)).toBe("97,825");
  });

  it("builds a Markdown table and escapes pipes inside cells", () => {
    expect(table(["a", "b"], [["x|y", 2]])).toBe("| a | b |\n| --- | --- |\n| x\\|y | 2 |");
  });
});
