/**
 * Wall-clock timing with process.hrtime.bigint, in milliseconds as floating point numbers.
 */

/** Nanoseconds now, as a bigint. */
export const now = () => process.hrtime.bigint();

/**
 * Milliseconds elapsed since `start` (a value of {@link now}).
 * @param {bigint} start
 * @returns {number}
 */
export function msSince(start) {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/**
 * Yields to the event loop once (timers and I/O run), so work scheduled off the caller's path happens between
 * measurements rather than piling up.
 * @returns {Promise<void>}
 */
export function yieldToEventLoop() {
  return new Promise((resolve) => setImmediate(resolve));
}
