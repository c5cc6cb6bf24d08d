import type { AssessmentJSON } from "./assessment.js";

/** Where a trace lives: always an MLflow experiment here. */
export interface TraceLocation {
  type: "MLFLOW_EXPERIMENT";
  mlflow_experiment: { experiment_id: string };
}

/** Trace states as MLflow names them. */
export type TraceState = "OK" | "ERROR" | "IN_PROGRESS" | "STATE_UNSPECIFIED";

/** Trace-level record in MLflow trace schema v3 (`TraceInfo`). */
export interface TraceInfoJSON {
  trace_id: string;
  client_request_id?: string;
  trace_location: TraceLocation;
  request_time: string;
  state: TraceState;
  trace_metadata: Record<string, string>;
  tags: Record<string, string>;
  request_preview?: string;
  response_preview?: string;
  execution_duration_ms?: number;
  /** Feedback and expectations on the trace or its spans, in MLflow's assessment schema. */
  assessments?: AssessmentJSON[];
}

/** Trace metadata keys MLflow defines. */
export const TraceMetadataKey = {
  SCHEMA_VERSION: "mlflow.trace_schema.version",
  INPUTS: "mlflow.traceInputs",
  OUTPUTS: "mlflow.traceOutputs",
  TOKEN_USAGE: "mlflow.trace.tokenUsage",
  SIZE_BYTES: "mlflow.trace.sizeBytes",
  SIZE_STATS: "mlflow.trace.sizeStats",
  SESSION: "mlflow.trace.session",
  TRACE_USER: "mlflow.trace.user",
  USER: "mlflow.user",
  SOURCE_NAME: "mlflow.source.name",
  SOURCE_TYPE: "mlflow.source.type",
  /** The MLflow run the trace was recorded in (`search_traces(run_id=…)` and the run's page read it). */
  SOURCE_RUN: "mlflow.sourceRun",
} as const;

/** Trace tag keys MLflow defines. */
export const TraceTagKey = {
  TRACE_NAME: "mlflow.traceName",
} as const;

/** MLflow cuts metadata values at 250 characters and tag values at 4096. */
export const MAX_METADATA_VALUE_CHARS = 250;
/** See {@link MAX_METADATA_VALUE_CHARS}. */
export const MAX_TAG_VALUE_CHARS = 4096;
/** Longest request/response preview kept in TraceInfo. */
export const MAX_PREVIEW_CHARS = 1000;

/** A typed view over {@link TraceInfoJSON}. */
export class TraceInfo {
  constructor(readonly json: TraceInfoJSON) {}

  get traceId(): string {
    return this.json.trace_id;
  }
  /** Alias of {@link TraceInfo.traceId}, MLflow's older name. */
  get requestId(): string {
    return this.json.trace_id;
  }
  get experimentId(): string {
    return this.json.trace_location.mlflow_experiment.experiment_id;
  }
  get state(): TraceState {
    return this.json.state;
  }
  /** Request time in ms since the epoch. */
  get timestampMs(): number {
    return Date.parse(this.json.request_time);
  }
  get executionTimeMs(): number | undefined {
    return this.json.execution_duration_ms;
  }
  get tags(): Record<string, string> {
    return this.json.tags;
  }
  get metadata(): Record<string, string> {
    return this.json.trace_metadata;
  }
  get name(): string | undefined {
    return this.json.tags[TraceTagKey.TRACE_NAME];
  }
  get requestPreview(): string | undefined {
    return this.json.request_preview;
  }
  get responsePreview(): string | undefined {
    return this.json.response_preview;
  }
  toJSON(): TraceInfoJSON {
    return this.json;
  }
  static fromJSON(json: TraceInfoJSON): TraceInfo {
    return new TraceInfo(json);
  }
}
