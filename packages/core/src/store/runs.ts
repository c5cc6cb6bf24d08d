import { decodeRunRecord, RUN_RECORD_TAG, type RunStatus } from "../entities/run-record.js";
import { TraceMetadataKey, type TraceInfoJSON } from "../entities/trace-info.js";

/** Options of {@link TraceStore.listRuns}. */
export interface ListRunsOptions {
  experimentIds?: string[];
  /** Only this run (its summary, when it has traces). */
  runId?: string;
  /** Most runs returned, most recently active first (default 100, at most 1000). */
  maxResults?: number;
  /** As in `SearchTracesOptions.timeoutMs`. */
  timeoutMs?: number;
}

/**
 * One run: the traces that share an `mlflow.sourceRun` value, with what their {@link RUN_RECORD_TAG} tag says of the
 * run (name, status, params, tags). A run whose traces carry no record (traces recorded inside an MLflow run and
 * imported) has `name` and `status` null.
 */
export interface RunSummary {
  runId: string;
  name: string | null;
  status: RunStatus | null;
  /** When the run started / ended, ms since the epoch (null when unknown or still running). */
  startTimeMs: number | null;
  endTimeMs: number | null;
  params: Record<string, string>;
  tags: Record<string, string>;
  parentRunId: string | null;
  traceCount: number;
  errorCount: number;
  /** Start of its first trace, ms since the epoch. */
  firstTimestampMs: number;
  /** Start of its latest trace. */
  lastTimestampMs: number;
  /** Tokens over its traces (traces without usage count 0). */
  totalTokens: number;
}

/** The metadata key linking a trace to its run, as in MLflow. */
export const RUN_KEY = TraceMetadataKey.SOURCE_RUN;

/** The page size of a run listing. */
export function runLimit(options: ListRunsOptions): number {
  const n = options.maxResults ?? 100;
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new RangeError(`maxResults must be an integer from 1 to 1000, got ${n}`);
  return n;
}

/** A run's counts over its traces (what the store aggregates). */
export interface RunCounts {
  runId: string;
  traceCount: number;
  errorCount: number;
  firstTimestampMs: number;
  lastTimestampMs: number;
  totalTokens: number;
}

/** A {@link RunSummary} from the run's counts and the info of its latest trace (whose tag holds the newest record). */
export function runSummary(counts: RunCounts, latest: TraceInfoJSON | undefined): RunSummary {
  const record = decodeRunRecord(latest?.tags[RUN_RECORD_TAG]);
  return {
    ...counts,
    name: record?.name ?? null,
    status: record?.status ?? null,
    startTimeMs: record?.startTimeMs ?? null,
    endTimeMs: record?.endTimeMs ?? null,
    params: record?.params ?? {},
    tags: record?.tags ?? {},
    parentRunId: record?.parentRunId ?? null,
  };
}
