// performance.now() is monotonic with sub-ms precision; anchored once to the wall clock so nanosecond
// timestamps are both comparable across spans and close to real time.
const originMs = performance.timeOrigin;

/** Current time as integer nanoseconds since the Unix epoch (a JS number: exact to ~256 ns at today's epoch). */
export function nowNs(): number {
  return Math.round((originMs + performance.now()) * 1e6);
}

/** Integer nanoseconds → milliseconds. */
export function nsToMs(ns: number): number {
  return Math.floor(ns / 1e6);
}

/** Milliseconds → RFC 3339 UTC with millisecond precision, as MLflow writes `request_time`. */
export function msToRfc3339(ms: number): string {
  return new Date(ms).toISOString();
}
