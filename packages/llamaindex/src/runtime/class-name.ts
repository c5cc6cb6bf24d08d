/** The class name of an instance (`RetrieverQueryEngine`), or `fallback` when it has none. */
export function classNameOf(self: unknown, fallback: string): string {
  try {
    const name = (self as { constructor?: { name?: unknown } } | null)?.constructor?.name;
    return typeof name === "string" && name.length > 0 ? name : fallback;
  } catch {
    return fallback;
  }
}
