/** The query text of a `query()` / `retrieve()` / `synthesize()` argument: a string, a QueryBundle or `{ query }`. */
export function queryTextOf(arg: unknown): unknown {
  if (typeof arg === "string") return arg;
  if (arg && typeof arg === "object" && "query" in arg) {
    const q = (arg as { query: unknown }).query;
    return queryTextOf(q);
  }
  return arg;
}
