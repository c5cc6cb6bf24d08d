import { describe, expect, it } from "vitest";
import { argsToInputs, paramNames } from "../src/api/param-names.js";

/** A function made from its source text: the names are read from that text, as from any function's. */
const fromSource = (src: string) => new Function(`return (${src});`)() as (...args: never[]) => unknown;

describe("parameter names read from a function's source", () => {
  it("handles defaults holding commas, brackets and quotes, destructuring, rest and comments", () => {
    const cases: [string, (string | null)[]][] = [
      ["function plain(a, b) {}", ["a", "b"]],
      ["x => x", ["x"]],
      ["async (q, k = 3) => q.repeat(k)", ["q", "k"]],
      ["function defaults(a = [1, 2], b = { c: '(,)' }, d = Math.max(1, 2), e = `a,${'b'}`) {}", ["a", "b", "d", "e"]],
      [`function quoted(a = "it's, (really)", b = 'x"y', c = "a\\")") {}`, ["a", "b", "c"]],
      ["function shapes({ a, b }, [c, d], ...rest) {}", [null, null, "...rest"]],
      ["function commented(a /* , fake */, b) {}", ["a", "b"]],
      ["function none() {}", []],
    ];
    for (const [src, names] of cases) expect(paramNames(fromSource(src)), src).toEqual(names);
  });

  it("maps arguments to inputs by name, unnamed ones by position, a rest parameter as an array", () => {
    expect(argsToInputs(fromSource("function f(a, { b }, ...more) {}"), [1, { b: 2 }, 3, 4])).toEqual({ a: 1, arg1: { b: 2 }, more: [3, 4] });
    expect(argsToInputs(fromSource("function g(a) {}"), [1, 2, 3])).toEqual({ a: 1, args: [2, 3] });
  });
});
