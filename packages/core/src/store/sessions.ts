import { TraceMetadataKey } from "../entities/trace-info.js";

/** Options of {@link TraceStore.listSessions}. */
export interface ListSessionsOptions {
  experimentIds?: string[];
  /** Most sessions returned, most recently active first (default 100, at most 1000). */
  maxResults?: number;
  /** As in `SearchTracesOptions.timeoutMs`. */
  timeoutMs?: number;
}

/** One conversation: the traces that share an `mlflow.trace.session` value. */
export interface SessionSummary {
  sessionId: string;
  /** `mlflow.trace.user` of its latest trace, when set. */
  user: string | null;
  traceCount: number;
  errorCount: number;
  /** Start of its first trace, ms since the epoch. */
  firstTimestampMs: number;
  /** Start of its latest trace. */
  lastTimestampMs: number;
  /** Tokens over its traces (traces without usage count 0). */
  totalTokens: number;
}

/** The metadata key a trace's session is kept under, as in MLflow. */
export const SESSION_KEY = TraceMetadataKey.SESSION;
/** The metadata key of the trace's end user. */
export const USER_KEY = TraceMetadataKey.TRACE_USER;

/** The page size of a session listing. */
export function sessionLimit(options: ListSessionsOptions): number {
  const n = options.maxResults ?? 100;
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new RangeError(`maxResults must be an integer from 1 to 1000, got ${n}`);
  return n;
}
