/** Deterministic id generator: `next("chatcmpl-")` → `chatcmpl-1`, `chatcmpl-2`, … (one counter per prefix). */
export class IdSource {
  private readonly counters = new Map<string, number>();

  /** The next id for `prefix`. */
  next(prefix: string): string {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    return `${prefix}${n}`;
  }

  /** Restart every counter at 1. */
  reset(): void {
    this.counters.clear();
  }
}
