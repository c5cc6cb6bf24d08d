import { TraceMetadataKey, type TraceInfoJSON } from "../entities/trace-info.js";
import { RUN_KEY, runLimit, runSummary, type ListRunsOptions, type RunCounts, type RunSummary } from "./runs.js";

/** A stored trace's info and the order it was written in. */
export interface SequencedInfo {
  info: TraceInfoJSON;
  seq: number;
}

/** {@link TraceStore.listRuns} over traces held in memory: grouped by `mlflow.sourceRun`, most recently active first. */
export function listRunsOf(entries: Iterable<SequencedInfo>, options: ListRunsOptions): RunSummary[] {
  const limit = runLimit(options);
  const experiments = options.experimentIds ? new Set(options.experimentIds) : undefined;
  const groups = new Map<string, { counts: RunCounts; latest: SequencedInfo }>();
  for (const entry of entries) {
    const info = entry.info;
    const runId = info.trace_metadata[RUN_KEY];
    if (runId === undefined || (options.runId !== undefined && runId !== options.runId)) continue;
    if (experiments && !experiments.has(info.trace_location.mlflow_experiment.experiment_id)) continue;
    const at = Date.parse(info.request_time);
    let group = groups.get(runId);
    if (!group) {
      group = { counts: { runId, traceCount: 0, errorCount: 0, firstTimestampMs: at, lastTimestampMs: at, totalTokens: 0 }, latest: entry };
      groups.set(runId, group);
    }
    const c = group.counts;
    c.traceCount++;
    if (info.state === "ERROR") c.errorCount++;
    c.firstTimestampMs = Math.min(c.firstTimestampMs, at);
    c.lastTimestampMs = Math.max(c.lastTimestampMs, at);
    c.totalTokens += tokensOf(info);
    if (entry.seq > group.latest.seq) group.latest = entry;
  }
  return [...groups.values()]
    .sort((a, b) => b.counts.lastTimestampMs - a.counts.lastTimestampMs || (a.counts.runId < b.counts.runId ? -1 : 1))
    .slice(0, limit)
    .map((g) => runSummary(g.counts, g.latest.info));
}

function tokensOf(info: TraceInfoJSON): number {
  try {
    return Number(JSON.parse(info.trace_metadata[TraceMetadataKey.TOKEN_USAGE] ?? "{}").total_tokens ?? 0) || 0;
  } catch {
    return 0;
  }
}
