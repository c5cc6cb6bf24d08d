import type { AssessmentJSON } from "../../entities/assessment.js";
import { requestJson } from "../http/http-request.js";
import type { MlflowConnection } from "./mlflow-connection.js";

/** The fields of an assessment an update may change (MLflow's UpdateAssessment mask). */
type AssessmentUpdate = Partial<Pick<AssessmentJSON, "assessment_name" | "feedback" | "expectation" | "rationale" | "metadata" | "valid">>;

/** How UpdateAssessment's field mask names each field (protobuf JSON: lowerCamelCase, comma-separated). */
const MASK_NAMES: Record<keyof AssessmentUpdate, string> = {
  assessment_name: "assessmentName",
  feedback: "feedback",
  expectation: "expectation",
  rationale: "rationale",
  metadata: "metadata",
  valid: "valid",
};

/** Per-request timeout of an assessment call, ms. */
const TIMEOUT_MS = 10_000;

function assessmentsUrl(connection: MlflowConnection, traceId: string, assessmentId?: string): string {
  const base = `${connection.host}/api/3.0/mlflow/traces/${encodeURIComponent(traceId)}/assessments`;
  return assessmentId === undefined ? base : `${base}/${encodeURIComponent(assessmentId)}`;
}

/** The assessment a server answered with; a reply without one is an error naming the call. */
function answered(reply: { assessment?: AssessmentJSON } | undefined, what: string): AssessmentJSON {
  if (!reply?.assessment) throw new Error(`The MLflow server answered ${what} without an assessment`);
  return reply.assessment;
}

/** Creates an assessment on a trace of an MLflow server (CreateAssessment); the server assigns its ID. */
export async function createRemoteAssessment(connection: MlflowConnection, assessment: Omit<AssessmentJSON, "assessment_id">): Promise<AssessmentJSON> {
  const reply = await requestJson<{ assessment?: AssessmentJSON }>({
    method: "POST",
    url: assessmentsUrl(connection, assessment.trace_id),
    headers: connection.headers,
    body: { assessment },
    timeoutMs: TIMEOUT_MS,
  });
  return answered(reply, "CreateAssessment");
}

/** Changes the given fields of an assessment on an MLflow server (UpdateAssessment). */
export async function updateRemoteAssessment(
  connection: MlflowConnection,
  traceId: string,
  assessmentId: string,
  update: AssessmentUpdate,
): Promise<AssessmentJSON> {
  const fields = (Object.keys(update) as (keyof AssessmentUpdate)[]).filter((k) => update[k] !== undefined);
  const reply = await requestJson<{ assessment?: AssessmentJSON }>({
    method: "PATCH",
    url: assessmentsUrl(connection, traceId, assessmentId),
    headers: connection.headers,
    body: { assessment: { ...update, assessment_id: assessmentId, trace_id: traceId }, update_mask: fields.map((k) => MASK_NAMES[k]).join(",") },
    timeoutMs: TIMEOUT_MS,
  });
  return answered(reply, "UpdateAssessment");
}

/** Reads one assessment from an MLflow server (GetAssessment). */
export async function getRemoteAssessment(connection: MlflowConnection, traceId: string, assessmentId: string): Promise<AssessmentJSON> {
  const reply = await requestJson<{ assessment?: AssessmentJSON }>({
    method: "GET",
    url: assessmentsUrl(connection, traceId, assessmentId),
    headers: connection.headers,
    timeoutMs: TIMEOUT_MS,
  });
  return answered(reply, "GetAssessment");
}

/** Deletes an assessment on an MLflow server (DeleteAssessment). */
export async function deleteRemoteAssessment(connection: MlflowConnection, traceId: string, assessmentId: string): Promise<void> {
  await requestJson({ method: "DELETE", url: assessmentsUrl(connection, traceId, assessmentId), headers: connection.headers, timeoutMs: TIMEOUT_MS });
}
