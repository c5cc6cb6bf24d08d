/** A search filter that cannot be parsed; `position` is the 0-based character offset of the problem. */
export class FilterSyntaxError extends Error {
  override readonly name = "FilterSyntaxError";

  constructor(
    readonly filter: string,
    readonly position: number,
    readonly reason: string,
  ) {
    super(`Invalid filter at position ${position}: ${reason}\n  ${filter}\n  ${" ".repeat(position)}^`);
  }
}
