import type { AssessmentJSON } from "../../entities/assessment.js";
import type { TraceInfoJSON } from "../../entities/trace-info.js";

/** TraceInfoV3 as the MLflow REST API takes it (protobuf JSON: `execution_duration` is a Duration like `"1.5s"`). */
export interface TraceInfoV3Payload {
  trace_id: string;
  client_request_id?: string;
  trace_location: { type: "MLFLOW_EXPERIMENT"; mlflow_experiment: { experiment_id: string } };
  request_preview?: string;
  response_preview?: string;
  request_time: string;
  execution_duration?: string;
  state: string;
  trace_metadata: Record<string, string>;
  tags: Record<string, string>;
  /** Feedback and expectations logged before export; MLflow stores them with the trace, keeping their IDs. */
  assessments?: AssessmentJSON[];
}

/**
 * Converts a stored TraceInfo (MLflow's `to_dict` form, with `execution_duration_ms`) into the StartTraceV3
 * request form, placing the trace in `experimentId` (the experiment resolved on the server).
 */
export function toTraceInfoV3Payload(info: TraceInfoJSON, experimentId: string): TraceInfoV3Payload {
  const payload: TraceInfoV3Payload = {
    trace_id: info.trace_id,
    trace_location: { type: "MLFLOW_EXPERIMENT", mlflow_experiment: { experiment_id: experimentId } },
    request_time: info.request_time,
    state: info.state,
    trace_metadata: { ...info.trace_metadata },
    tags: { ...info.tags },
  };
  if (info.client_request_id !== undefined) payload.client_request_id = info.client_request_id;
  if (info.request_preview !== undefined) payload.request_preview = info.request_preview;
  if (info.response_preview !== undefined) payload.response_preview = info.response_preview;
  if (info.execution_duration_ms !== undefined) payload.execution_duration = `${info.execution_duration_ms / 1000}s`;
  if (info.assessments?.length) payload.assessments = info.assessments.map((a) => ({ ...a, trace_id: info.trace_id }));
  return payload;
}
