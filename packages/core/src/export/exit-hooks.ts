import { logOnce } from "../log.js";
import type { QueueStats } from "./batch-queue.js";

/** What the exit hooks drain: the export pipeline in force, if tracing has started. */
export interface ExitDrainable {
  readonly pending: number;
  flush(): Promise<void>;
  flushSync(): void;
  stats(): QueueStats[];
  /** Stop retrying: from now on a failed export is dropped at once, so exit is not held up by a dead backend. */
  beginClose(): void;
}

/** Longest wait for a flush after SIGTERM before the signal is let through, ms. */
export const SIGNAL_FLUSH_TIMEOUT_MS = 5_000;

const INSTALLED = Symbol.for("traceloom.core.exitHooks");

function flushWithin(target: ExitDrainable, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      logOnce("sigterm-timeout", `flush after SIGTERM did not finish within ${ms} ms; the rest is dropped`);
      resolve();
    }, ms);
  });
  return Promise.race([target.flush().catch((err) => logOnce("sigterm-flush", "flush after SIGTERM failed", err)), deadline]).finally(() =>
    clearTimeout(timer),
  );
}

function reportDrops(target: ExitDrainable): void {
  const dropped = target.stats().filter((s) => s.dropped > 0);
  if (dropped.length === 0) return;
  const detail = dropped.map((s) => `${s.sink}: ${s.dropped}${s.lastError ? ` (last error: ${s.lastError})` : ""}`).join("; ");
  logOnce("exit-drops", `traces dropped by export this run — ${detail}`);
}

/**
 * Installs, once per process, the hooks that keep traces from being lost at exit:
 * - `beforeExit` (the event loop ran dry): finish traces whose root has ended, then flush async sinks with one
 *   attempt each (no retries), which keeps the process alive until they answer or time out;
 * - `exit`: write what is still queued to sync sinks (SQLite, JSONL), and report drops;
 * - `SIGTERM`: flush (at most {@link SIGNAL_FLUSH_TIMEOUT_MS}), then — when no other SIGTERM listener exists —
 *   re-raise the signal so the process terminates exactly as it would have without traceloom. With listeners of
 *   the program's own, the program decides when to exit (call `await flush()` in your handler).
 */
export function installExitHooks(current: () => ExitDrainable | undefined, finishEndedTraces: () => void): void {
  const g = globalThis as unknown as Record<symbol, boolean>;
  if (g[INSTALLED]) return;
  g[INSTALLED] = true;

  // A trace whose root has ended but which still waits for a straggler span would otherwise never be written.
  const finishOpen = () => {
    try {
      finishEndedTraces();
    } catch (err) {
      logOnce("exit-finish", "could not finish open traces at exit", err);
    }
  };

  process.on("beforeExit", () => {
    finishOpen();
    const target = current();
    if (!target || target.pending === 0) return;
    target.beginClose();
    target.flush().catch((err) => logOnce("beforeExit", "flush at exit failed", err));
  });

  process.on("exit", () => {
    finishOpen();
    const target = current();
    if (!target) return;
    try {
      target.flushSync();
      reportDrops(target);
    } catch (err) {
      logOnce("exit", "final write at exit failed", err);
    }
  });

  const onSigterm = (): void => {
    process.removeListener("SIGTERM", onSigterm);
    finishOpen();
    const target = current();
    const letThrough = () => {
      if (process.listenerCount("SIGTERM") === 0) process.kill(process.pid, "SIGTERM");
    };
    if (!target || target.pending === 0) letThrough();
    else void flushWithin(target, SIGNAL_FLUSH_TIMEOUT_MS).then(letThrough);
  };
  process.on("SIGTERM", onSigterm);
}
