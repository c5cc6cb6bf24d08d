import type { RunRecord } from "../entities/run-record.js";
import { TraceMetadataKey, type TraceInfoJSON } from "../entities/trace-info.js";
import { NO_TRACES, RUN_KEY, runLimit, type ListRunsOptions, type RunSummary, type RunTraceCounts } from "./runs.js";

/** {@link TraceStore.listRuns} over runs and trace infos held in memory: most recently started first. */
export function listRunsOf(runs: Iterable<RunRecord>, infos: Iterable<TraceInfoJSON>, options: ListRunsOptions): RunSummary[] {
  const limit = runLimit(options);
  const experiments = options.experimentIds ? new Set(options.experimentIds) : undefined;
  // `runs` iterates in the order the runs were first saved: of two started in the same millisecond, the later first
  const chosen = [...runs]
    .filter((r) => (options.runId === undefined || r.runId === options.runId) && (!experiments || experiments.has(r.experimentId)))
    .reverse()
    .sort((a, b) => b.startTimeMs - a.startTimeMs)
    .slice(0, limit);
  const counts = new Map<string, RunTraceCounts>(chosen.map((r) => [r.runId, { ...NO_TRACES }]));
  for (const info of infos) {
    const c = counts.get(info.trace_metadata[RUN_KEY]);
    if (!c) continue;
    const at = Date.parse(info.request_time);
    c.traceCount++;
    if (info.state === "ERROR") c.errorCount++;
    c.firstTimestampMs = Math.min(c.firstTimestampMs ?? at, at);
    c.lastTimestampMs = Math.max(c.lastTimestampMs ?? at, at);
    c.totalTokens += tokensOf(info);
  }
  return chosen.map((r) => ({ ...structuredClone(r), ...counts.get(r.runId)! }));
}

function tokensOf(info: TraceInfoJSON): number {
  try {
    return Number(JSON.parse(info.trace_metadata[TraceMetadataKey.TOKEN_USAGE] ?? "{}").total_tokens ?? 0) || 0;
  } catch {
    return 0;
  }
}
