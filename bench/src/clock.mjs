import { readFileSync } from "node:fs";

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

/**
 * CPU time (user + system) of the calling thread, ms: `process.threadCpuUsage` where Node has it (23.9+), else
 * Linux's per-thread counters (`/proc/thread-self/stat`, 10 ms ticks: read over runs of seconds); NaN elsewhere.
 * Unlike wall time, other load on the machine barely moves it.
 * @returns {number}
 */
export function threadCpuMs() {
  if (process.threadCpuUsage) {
    const { user, system } = process.threadCpuUsage();
    return (user + system) / 1000;
  }
  try {
    const stat = readFileSync("/proc/thread-self/stat", "utf8");
    // Fields after the command name (which may hold spaces, so split after its closing parenthesis): utime is the 14th field, stime the 15th.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

/** USER_HZ of Linux's /proc counters (100 on every mainstream architecture). */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * CPU time (user + system) of the whole process — every thread, the store's writer thread included — ms.
 * @returns {number}
 */
export function processCpuMs() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
