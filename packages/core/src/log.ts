import { getState } from "./state.js";

/**
 * Reports a problem inside traceloom without ever throwing: each distinct `key` is logged once per process
 * (to stderr, or to the configured logger), so a failing hook on a hot path cannot flood the output.
 */
export function logOnce(key: string, message: string, err?: unknown): void {
  try {
    const state = getState();
    if (state.loggedOnce.has(key)) return;
    state.loggedOnce.add(key);
    const detail = err === undefined ? "" : `: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`;
    logLine(`[traceloom] ${message}${detail}`);
  } catch {
    // Logging must never be the thing that breaks the caller.
  }
}

/** Writes one line to the configured logger, or to stderr; never throws. */
export function logLine(line: string): void {
  try {
    const logger = getState().logger;
    if (logger) logger(line);
    else console.warn(line);
  } catch {
    // Logging must never be the thing that breaks the caller.
  }
}

/** Runs `fn`, logging (once per `key`) and swallowing anything it throws. */
export function safely<T>(key: string, fn: () => T, fallback?: T): T | undefined {
  try {
    return fn();
  } catch (err) {
    logOnce(key, `internal error in ${key}; tracing continues`, err);
    return fallback;
  }
}
