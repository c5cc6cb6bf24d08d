import type { QueueStats } from "./export-queue.js";

/** Trace IDs named in the exit line per destination; `exportStats().droppedTraceIds` has up to 1,000. */
const NAMED_IN_LINE = 50;

/**
 * The one line that sums up, at exit, what did not arrive: per destination with drops, how many of its traces
 * arrived, how many were dropped and their IDs, and the last error. Undefined when nothing was lost.
 */
export function exitReport(stats: QueueStats[]): string | undefined {
  const lossy = stats.filter((s) => s.dropped > 0 || s.queued > 0);
  if (lossy.length === 0) return undefined;
  const parts = lossy.map((s) => {
    const lost = s.dropped + s.queued;
    const ids = (s.droppedTraceIds ?? []).slice(0, NAMED_IN_LINE);
    const more = lost - ids.length;
    const named = ids.length ? `: ${ids.join(", ")}${more > 0 ? ` (+${more} more)` : ""}` : "";
    const why = s.lastError ? ` — last error: ${s.lastError}` : "";
    return `${s.sink}: ${s.exported} of ${s.exported + lost} trace(s) arrived, ${lost} dropped${named}${why}`;
  });
  return `traces dropped by export this run — ${parts.join("; ")}`;
}
