import type { AssessmentJSON } from "../entities/assessment.js";
import { resolveMlflowConnection, type MlflowConnection } from "../export/mlflow/mlflow-connection.js";
import {
  createRemoteAssessment,
  deleteRemoteAssessment,
  getRemoteAssessment,
  updateRemoteAssessment,
} from "../export/mlflow/assessments-rest.js";
import { flush, getRuntime } from "../runtime.js";
import { parseTrackingUri } from "../store/tracking-uri.js";
import type { TraceStore } from "../store/trace-store.js";
import {
  assessmentUpdate,
  newExpectation,
  newFeedback,
  updatedAssessment,
  type AssessmentChanges,
  type LogExpectationOptions,
  type LogFeedbackOptions,
} from "./assessment-build.js";

/** Options of {@link updateAssessment}: which assessment, and the fields to change (the rest stay). */
export interface UpdateAssessmentOptions extends AssessmentChanges {
  traceId: string;
  assessmentId: string;
}

/** Where assessments go: the local store, or the MLflow server of a remote tracking URI. */
type Destination = { store: TraceStore } | { server: MlflowConnection };

/** The destination of the current tracking URI, after the traces already ended have been stored or sent. */
async function destination(): Promise<Destination> {
  await flush();
  const runtime = getRuntime();
  const target = parseTrackingUri(runtime.config.trackingUri);
  if (target.kind === "remote") return { server: resolveMlflowConnection(target.uri) };
  const store = runtime.store;
  if (!store) throw new Error("Assessments need a trace store or an MLflow server, and the local store is disabled");
  return { store };
}

/** Stores a new assessment; an MLflow server assigns its own ID (as MLflow's clients leave it to the server). */
async function create(assessment: AssessmentJSON): Promise<AssessmentJSON> {
  const to = await destination();
  if ("server" in to) {
    const { assessment_id: _serverAssigns, ...withoutId } = assessment;
    return createRemoteAssessment(to.server, withoutId);
  }
  to.store.saveAssessment(assessment.trace_id, assessment);
  return assessment;
}

/**
 * Records feedback on a trace or one of its spans — a score, label or judgement with its rationale and source — as
 * MLflow's `log_feedback` does: in the local store with the trace, or on the MLflow server when the tracking URI is
 * one. Ended traces are flushed first. Returns the stored assessment (with its ID). Bad options and an unknown trace
 * are errors.
 */
export async function logFeedback(options: LogFeedbackOptions): Promise<AssessmentJSON> {
  return create(newFeedback(options));
}

/**
 * Records an expectation (the expected output, ground truth) on a trace or span, as MLflow's `log_expectation`:
 * where {@link logFeedback} records feedback. It travels with the trace into MLflow and the golden-dataset export.
 */
export async function logExpectation(options: LogExpectationOptions): Promise<AssessmentJSON> {
  return create(newExpectation(options));
}

/** The stored assessment of a trace, or an error naming what is missing. */
function storedAssessment(store: TraceStore, traceId: string, assessmentId: string): AssessmentJSON {
  const trace = store.getTrace(traceId);
  if (!trace) throw new Error(`No trace with ID "${traceId}"`);
  const found = trace.info.json.assessments?.find((a) => a.assessment_id === assessmentId);
  if (!found) throw new Error(`No assessment "${assessmentId}" on trace "${traceId}"`);
  return found;
}

/** Changes an assessment's value, name, rationale or metadata (MLflow's `update_assessment`); returns it as stored. */
export async function updateAssessment(options: UpdateAssessmentOptions): Promise<AssessmentJSON> {
  const to = await destination();
  if ("server" in to) {
    const current = await getRemoteAssessment(to.server, options.traceId, options.assessmentId);
    return updateRemoteAssessment(to.server, options.traceId, options.assessmentId, assessmentUpdate(current, options));
  }
  const updated = updatedAssessment(storedAssessment(to.store, options.traceId, options.assessmentId), options);
  to.store.saveAssessment(options.traceId, updated);
  return updated;
}

/** Deletes an assessment (MLflow's `delete_assessment`). */
export async function deleteAssessment(traceId: string, assessmentId: string): Promise<void> {
  const to = await destination();
  if ("server" in to) return deleteRemoteAssessment(to.server, traceId, assessmentId);
  to.store.deleteAssessment(traceId, assessmentId);
}
