import type { AssessmentJSON, SessionSummary } from "@traceloom/core";
import type { TraceSummary } from "../trace-summary.js";
import type { SpanView } from "./span-view.js";

export type { TraceSummary } from "../trace-summary.js";
export type { SpanView } from "./span-view.js";

/** `GET /api/info`. */
export interface InfoResponse {
  store: string;
  version: string;
  /** Sent back in the `X-Traceloom-Token` header of every write (only this server's own page can read it). */
  writeToken: string;
  /** The HUMAN source ID feedback given here is recorded under. */
  reviewer: string;
}

/** `GET /api/experiments`. */
export interface ExperimentsResponse {
  experiments: { experimentId: string; name: string; traceCount: number | null }[];
}

/** `GET /api/traces`. */
export interface TracesResponse {
  traces: TraceSummary[];
  nextPageToken: string | null;
  /** Set when ordering by cost covered only this many of the newest matching traces (see `TracePage.sortedAmong`). */
  sortedAmong: number | null;
}

/** `GET /api/traces/:id`. */
export interface TraceDetailResponse {
  summary: TraceSummary;
  /** The trace's metadata (session, user, versions, token usage, …). */
  metadata: Record<string, string>;
  spans: SpanView[];
  /** Feedback and expectations on the trace and its spans, in MLflow's assessment schema. */
  assessments: AssessmentJSON[];
}

/** `GET /api/sessions`: conversations, most recently active first. */
export interface SessionsResponse {
  sessions: SessionSummary[];
}

/** Any failed API call. `position` is the filter offset of a filter syntax error. */
export interface ErrorResponse {
  error: string;
  position?: number;
}
