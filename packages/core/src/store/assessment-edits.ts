import type { AssessmentJSON } from "../entities/assessment.js";
import type { TraceInfoJSON } from "../entities/trace-info.js";

/**
 * The trace info with `assessment` added, or replacing the one with its ID. An assessment that `overrides`
 * another marks that one `valid: false`, as MLflow's stores do; an override of an unknown ID is an error.
 */
export function withAssessment(info: TraceInfoJSON, assessment: AssessmentJSON): TraceInfoJSON {
  const list = [...(info.assessments ?? [])];
  if (assessment.overrides !== undefined) {
    const i = list.findIndex((a) => a.assessment_id === assessment.overrides);
    if (i < 0) throw new Error(`No assessment "${assessment.overrides}" on trace "${info.trace_id}" to override`);
    list[i] = { ...list[i], valid: false };
  }
  const at = list.findIndex((a) => a.assessment_id === assessment.assessment_id);
  if (at >= 0) list[at] = assessment;
  else list.push(assessment);
  return { ...info, assessments: list };
}

/** The trace info without the assessment of this ID; an unknown ID is an error. */
export function withoutAssessment(info: TraceInfoJSON, assessmentId: string): TraceInfoJSON {
  const list = info.assessments ?? [];
  if (!list.some((a) => a.assessment_id === assessmentId)) {
    throw new Error(`No assessment "${assessmentId}" on trace "${info.trace_id}"`);
  }
  const rest = list.filter((a) => a.assessment_id !== assessmentId);
  const { assessments: _dropped, ...withoutList } = info;
  return rest.length > 0 ? { ...withoutList, assessments: rest } : withoutList;
}

/** The assessments of two records of one trace, united by ID (`preferred`'s copy wins); undefined when neither has any. */
export function unitedAssessments(preferred: TraceInfoJSON, other: TraceInfoJSON): AssessmentJSON[] | undefined {
  if (!preferred.assessments?.length && !other.assessments?.length) return undefined;
  const byId = new Map((other.assessments ?? []).map((a) => [a.assessment_id, a]));
  for (const a of preferred.assessments ?? []) byId.set(a.assessment_id, a);
  return [...byId.values()];
}
