import { logOnce } from "../log.js";
import type { QueueStats } from "./export-queue.js";
import { exitReport } from "./exit-report.js";
import { oneLine } from "./one-line.js";

/** What the exit hooks drain: the export pipeline in force, if tracing has started. */
export interface ExitDrainable {
  readonly pending: number;
  /** How long export may still take once the process is exiting, ms. */
  readonly exitTimeoutMs: number;
  flush(): Promise<void>;
  flushSync(): void;
  stats(): QueueStats[];
  /** Export may go on (with retries) until `deadlineAt` (epoch ms); then in-flight requests are aborted and the rest dropped. */
  beginClose(deadlineAt: number): void;
}

const INSTALLED = Symbol.for("traceloom.core.exitHooks");

/**
 * Flushes within the exit deadline. Export requests never keep the process alive on their own, so a timer does
 * until the flush settles; the deadline itself is enforced by the queues, which abort and drop at it.
 */
function flushBeforeDeadline(target: ExitDrainable): Promise<void> {
  const ms = target.exitTimeoutMs;
  target.beginClose(Date.now() + ms);
  const keepAlive = setTimeout(() => {}, ms + 1_000);
  return target
    .flush()
    .catch((err) => logOnce("exit-flush", `flush at exit failed: ${oneLine(err)}`))
    .finally(() => clearTimeout(keepAlive));
}

function reportDrops(target: ExitDrainable): void {
  const line = exitReport(target.stats());
  if (line) logOnce("exit-drops", line);
}

/**
 * Installs, once per process, the hooks that keep traces from being lost at exit, without ever holding a finished
 * program for longer than the exit deadline (`exitTimeoutMs`, default 5 s):
 * - `beforeExit` (the event loop ran dry): finish traces whose root has ended, then flush every destination,
 *   retrying until the deadline, when what is in flight is aborted and the rest dropped;
 * - `exit`: write what is still queued to sync sinks (SQLite, JSONL), and name what was dropped in one line;
 * - `SIGTERM`: the same flush, then — when no other SIGTERM listener exists — re-raise the signal so the process
 *   terminates exactly as it would have without traceloom. With listeners of the program's own, the program
 *   decides when to exit (call `await flush()` in your handler).
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
      logOnce("exit-finish", `could not finish open traces at exit: ${oneLine(err)}`);
    }
  };

  process.on("beforeExit", () => {
    finishOpen();
    const target = current();
    if (!target || target.pending === 0) return;
    void flushBeforeDeadline(target);
  });

  process.on("exit", () => {
    finishOpen();
    const target = current();
    if (!target) return;
    try {
      target.flushSync();
      reportDrops(target);
    } catch (err) {
      logOnce("exit", `final write at exit failed: ${oneLine(err)}`);
    }
  });

  const onSigterm = (): void => {
    process.removeListener("SIGTERM", onSigterm);
    finishOpen();
    const target = current();
    const letThrough = () => {
      if (process.listenerCount("SIGTERM") > 0) return;
      if (target) reportDrops(target);
      process.kill(process.pid, "SIGTERM");
    };
    if (!target || target.pending === 0) letThrough();
    else void flushBeforeDeadline(target).then(letThrough);
  };
  process.on("SIGTERM", onSigterm);
}
