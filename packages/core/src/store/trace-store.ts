import type { AssessmentJSON } from "../entities/assessment.js";
import type { Trace, TraceJSON } from "../entities/trace.js";
import type { RunRecord } from "../entities/run-record.js";
import type { ListRunsOptions, RunSummary } from "./runs.js";
import type { ListSessionsOptions, SessionSummary } from "./sessions.js";
import type { TraceStats, TraceStatsOptions } from "./stats/stats-types.js";

/** Options of {@link TraceStore.searchTraces}. */
export interface SearchTracesOptions {
  /** Experiments to search; all experiments when omitted. */
  experimentIds?: string[];
  /** MLflow-style filter, e.g. `status = 'ERROR' AND tags.env = 'prod'`. */
  filter?: string;
  /** e.g. `["timestamp_ms DESC"]` (the default), `["execution_time_ms ASC"]`, `["total_tokens DESC"]`. */
  orderBy?: string[];
  /** Page size; default 100, at most 10,000. */
  maxResults?: number;
  /** The `nextPageToken` of the previous page. */
  pageToken?: string;
  /** Load spans too (default true). Lists that show only trace info are faster without. */
  includeSpans?: boolean;
  /** Stop with a QueryTimeoutError after this many ms (the SQLite store; default: the store's own, else none). */
  timeoutMs?: number;
}

/** Options of {@link TraceStore.countTraces}. */
export interface CountTracesOptions {
  experimentIds?: string[];
  filter?: string;
  /** As in {@link SearchTracesOptions.timeoutMs}. */
  timeoutMs?: number;
}

/** One page of search results. */
export interface SearchTracesResult {
  traces: Trace[];
  /** Present when more results exist. */
  nextPageToken?: string;
}

/** Which traces {@link TraceStore.deleteTraces} removes: by ID, or by experiment and age. */
export interface DeleteTracesOptions {
  traceIds?: string[];
  experimentId?: string;
  /** Delete traces older than this (ms since epoch). */
  maxTimestampMs?: number;
  /** Delete at most this many (oldest first). */
  maxTraces?: number;
}

/** An MLflow-style experiment: a named group of traces. */
export interface Experiment {
  experimentId: string;
  name: string;
  creationTimeMs: number;
  traceCount?: number;
}

/**
 * Where traces are kept and searched. Implementations are synchronous (SQLite via node:sqlite or better-sqlite3, memory);
 * writes come in batches from the export queue, off the caller's path.
 */
export interface TraceStore {
  /** The tracking URI this store was opened from. */
  readonly uri: string;
  /** Stores traces; a trace whose ID exists already gains the new spans (parts recorded by other threads or services). */
  writeTraces(traces: TraceJSON[]): void;
  getTrace(traceId: string): Trace | undefined;
  searchTraces(options?: SearchTracesOptions): SearchTracesResult;
  /** How many traces a search would find over all its pages. */
  countTraces(options?: CountTracesOptions): number;
  /** Returns how many traces were deleted. */
  deleteTraces(options: DeleteTracesOptions): number;
  setTraceTag(traceId: string, key: string, value: string): void;
  deleteTraceTag(traceId: string, key: string): void;
  /**
   * Adds an assessment (feedback or expectation) to a stored trace's info, or replaces the one with its ID; one
   * that `overrides` another marks that one invalid. An unknown trace is an error.
   */
  saveAssessment(traceId: string, assessment: AssessmentJSON): void;
  /** Removes an assessment from a stored trace; an unknown trace or assessment ID is an error. */
  deleteAssessment(traceId: string, assessmentId: string): void;
  /** The ID of the experiment with this name, created if missing. */
  getOrCreateExperiment(name: string): string;
  listExperiments(): Experiment[];
  /**
   * Aggregates over the traces a filter and time range select: count, errors, latency percentiles, tokens and
   * tokens by model, overall and per group (`groupBy`), optionally as a time series. Computed in the store (SQL
   * aggregates over the small trace and span rows in SQLite; no payload is read).
   */
  traceStats(options?: TraceStatsOptions): TraceStats;
  /** Conversations (traces sharing `mlflow.trace.session`), most recently active first. */
  listSessions(options?: ListSessionsOptions): SessionSummary[];
  /** Stores a run (see `startRun`): inserted, or replaced whole when its ID exists (its end). */
  saveRun(run: RunRecord): void;
  /** A stored run, or undefined. */
  getRun(runId: string): RunRecord | undefined;
  /** Runs, most recently started first, each with its traces (those whose `mlflow.sourceRun` is its ID) counted. */
  listRuns(options?: ListRunsOptions): RunSummary[];
  close(): void;
}

/** The experiment every store starts with, as in MLflow. */
export const DEFAULT_EXPERIMENT = { experimentId: "0", name: "Default" } as const;
