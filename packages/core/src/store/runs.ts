import type { RunRecord } from "../entities/run-record.js";
import { TraceMetadataKey } from "../entities/trace-info.js";

/** Options of {@link TraceStore.listRuns}. */
export interface ListRunsOptions {
  experimentIds?: string[];
  /** Only this run. */
  runId?: string;
  /** Most runs returned, most recently started first (default 100, at most 1000). */
  maxResults?: number;
  /** As in `SearchTracesOptions.timeoutMs`. */
  timeoutMs?: number;
}

/** A run's traces, counted: those whose `mlflow.sourceRun` metadata is the run's ID. */
export interface RunTraceCounts {
  traceCount: number;
  errorCount: number;
  /** Start of its first / latest trace, ms since the epoch; null when it has none. */
  firstTimestampMs: number | null;
  lastTimestampMs: number | null;
  /** Tokens over its traces (traces without usage count 0). */
  totalTokens: number;
}

/** One run of {@link TraceStore.listRuns}: its record and its traces, counted. */
export type RunSummary = RunRecord & RunTraceCounts;

/** The metadata key linking a trace to its run, as in MLflow. */
export const RUN_KEY = TraceMetadataKey.SOURCE_RUN;

/** Counts of a run without traces. */
export const NO_TRACES: RunTraceCounts = { traceCount: 0, errorCount: 0, firstTimestampMs: null, lastTimestampMs: null, totalTokens: 0 };

/** The page size of a run listing. */
export function runLimit(options: ListRunsOptions): number {
  const n = options.maxResults ?? 100;
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new RangeError(`maxResults must be an integer from 1 to 1000, got ${n}`);
  return n;
}

/** Why a record cannot be saved, or undefined (the store's guard against half-built records). */
export function invalidRunRecord(run: RunRecord): string | undefined {
  if (typeof run.runId !== "string" || run.runId === "") return "a run needs a runId";
  if (typeof run.name !== "string") return "a run needs a name";
  if (!Number.isFinite(run.startTimeMs)) return "a run needs a startTimeMs";
  return undefined;
}
