import { randomUUID } from "node:crypto";

/** Who made an assessment, as MLflow names it. */
export type AssessmentSourceType = "HUMAN" | "LLM_JUDGE" | "CODE";

/** MLflow's `AssessmentSource` in its JSON form. */
export interface AssessmentSourceJSON {
  source_type: AssessmentSourceType | "SOURCE_TYPE_UNSPECIFIED";
  /** A user, judge model or script name; MLflow's default is `"default"`. */
  source_id: string;
}

/** MLflow's `AssessmentError`: why a judge could not produce a feedback value. */
export interface AssessmentErrorJSON {
  error_code?: string;
  error_message?: string;
  stack_trace?: string;
}

/** A JSON value an assessment may carry (MLflow: number, string, boolean, or lists/maps of these). */
export type AssessmentValue = string | number | boolean | null | AssessmentValue[] | { [key: string]: AssessmentValue };

/**
 * One assessment in MLflow's JSON form (`Assessment.to_dictionary()`, the `assessments` of a trace's info): exactly
 * one of `feedback` or `expectation`. An expectation whose value is a list or map carries it JSON-encoded in
 * `serialized_value`, as MLflow does; {@link assessmentValue} reads either form.
 */
export interface AssessmentJSON {
  assessment_id: string;
  assessment_name: string;
  trace_id: string;
  span_id?: string;
  source: AssessmentSourceJSON;
  /** RFC 3339 (protobuf Timestamp JSON). */
  create_time: string;
  last_update_time: string;
  feedback?: { value?: AssessmentValue; error?: AssessmentErrorJSON };
  expectation?: { value?: AssessmentValue; serialized_value?: { serialization_format: "JSON_FORMAT"; value: string } };
  rationale?: string;
  metadata?: Record<string, string>;
  /** The ID of the assessment this one replaces (that one is then `valid: false`). */
  overrides?: string;
  /** False once another assessment overrides this one. */
  valid?: boolean;
}

/** A new assessment ID in MLflow's form: `a-` and 32 hex digits. */
export function newAssessmentId(): string {
  return `a-${randomUUID().replaceAll("-", "")}`;
}

/** The `expectation` field for a value: primitives as they are, lists and maps JSON-encoded (MLflow's rule). */
export function expectationField(value: AssessmentValue): NonNullable<AssessmentJSON["expectation"]> {
  if (value !== null && typeof value === "object") {
    return { serialized_value: { serialization_format: "JSON_FORMAT", value: JSON.stringify(value) } };
  }
  return { value };
}

/** The value of a feedback or expectation, decoding a serialized expectation; undefined for a feedback error. */
export function assessmentValue(a: AssessmentJSON): AssessmentValue | undefined {
  if (a.feedback) return a.feedback.value;
  const serialized = a.expectation?.serialized_value;
  if (serialized) return JSON.parse(serialized.value) as AssessmentValue;
  return a.expectation?.value;
}

/** Whether it is a feedback (else an expectation). */
export function isFeedback(a: AssessmentJSON): boolean {
  return a.feedback !== undefined;
}
