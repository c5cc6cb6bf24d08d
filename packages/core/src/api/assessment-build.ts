import {
  expectationField,
  newAssessmentId,
  type AssessmentErrorJSON,
  type AssessmentJSON,
  type AssessmentSourceType,
  type AssessmentValue,
} from "../entities/assessment.js";

/** Who made an assessment: a person, an LLM judge or code. `sourceId` defaults to `"default"`, as in MLflow. */
export interface AssessmentSource {
  sourceType: AssessmentSourceType;
  sourceId?: string;
}

/** What {@link logFeedback} and {@link logExpectation} share. */
interface AssessmentTarget {
  /** The trace (`tr-…`). */
  traceId: string;
  /** A span of the trace the assessment is about; the whole trace when omitted. */
  spanId?: string;
  /** Default: source type CODE, source ID "default" (MLflow's default). */
  source?: AssessmentSource;
  /** String values only, as MLflow stores them. */
  metadata?: Record<string, string>;
}

/** Options of {@link logFeedback}: a value, or an error saying why none could be given. */
export interface LogFeedbackOptions extends AssessmentTarget {
  /** Default `"feedback"`, as in MLflow. */
  name?: string;
  value?: AssessmentValue;
  /** Why no value could be given (e.g. a judge's timeout). */
  error?: Error | { errorCode?: string; errorMessage?: string; stackTrace?: string };
  /** Why this value. */
  rationale?: string;
}

/** Options of {@link logExpectation}: the expected value (ground truth) for the trace or span. */
export interface LogExpectationOptions extends AssessmentTarget {
  name: string;
  value: AssessmentValue;
}

const SOURCE_TYPES: readonly string[] = ["HUMAN", "LLM_JUDGE", "CODE"];

function checkCommon(o: AssessmentTarget, name: unknown): void {
  if (typeof o.traceId !== "string" || o.traceId === "") throw new TypeError("An assessment needs a traceId");
  if (typeof name !== "string" || name.trim() === "") throw new TypeError("An assessment needs a non-empty name");
  if (o.spanId !== undefined && !/^[0-9a-f]{16}$/.test(o.spanId)) throw new TypeError(`"${o.spanId}" is not a span ID (16 hex digits)`);
  if (o.source && !SOURCE_TYPES.includes(o.source.sourceType)) {
    throw new TypeError(`Unknown assessment source type "${o.source.sourceType}" (expected HUMAN, LLM_JUDGE or CODE)`);
  }
  for (const [key, value] of Object.entries(o.metadata ?? {})) {
    if (typeof value !== "string") throw new TypeError(`Assessment metadata values must be strings; "${key}" is ${typeof value}`);
  }
}

/** The value as JSON would carry it; a value JSON cannot hold (a function, a cycle, a bigint) is an error. */
export function checkedValue(value: AssessmentValue): AssessmentValue {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (err) {
    throw new TypeError(`An assessment value must be JSON: ${(err as Error).message}`);
  }
  if (text === undefined) throw new TypeError("An assessment value must be JSON (a number, string, boolean, list or map)");
  return JSON.parse(text) as AssessmentValue;
}

function errorJson(error: NonNullable<LogFeedbackOptions["error"]>): AssessmentErrorJSON {
  if (error instanceof Error) {
    return { error_code: error.name || "Error", error_message: error.message, ...(error.stack ? { stack_trace: error.stack } : {}) };
  }
  const json: AssessmentErrorJSON = {};
  if (error.errorCode !== undefined) json.error_code = error.errorCode;
  if (error.errorMessage !== undefined) json.error_message = error.errorMessage;
  if (error.stackTrace !== undefined) json.stack_trace = error.stackTrace;
  return json;
}

/** The parts every new assessment has: a new ID, both times now. */
function base(o: AssessmentTarget, name: string): AssessmentJSON {
  const now = new Date().toISOString();
  const a: AssessmentJSON = {
    assessment_id: newAssessmentId(),
    assessment_name: name,
    trace_id: o.traceId,
    source: { source_type: o.source?.sourceType ?? "CODE", source_id: o.source?.sourceId || "default" },
    create_time: now,
    last_update_time: now,
  };
  if (o.spanId !== undefined) a.span_id = o.spanId;
  if (o.metadata && Object.keys(o.metadata).length > 0) a.metadata = { ...o.metadata };
  return a;
}

/** A feedback in MLflow's schema, with a new ID, after checking the options (for code writing to a TraceStore itself). */
export function newFeedback(o: LogFeedbackOptions): AssessmentJSON {
  const name = o.name ?? "feedback";
  checkCommon(o, name);
  if (o.value === undefined && !o.error) throw new TypeError("logFeedback needs a value or an error");
  const a = base(o, name);
  a.feedback = {};
  if (o.value !== undefined) a.feedback.value = checkedValue(o.value);
  if (o.error) a.feedback.error = errorJson(o.error);
  if (o.rationale !== undefined) a.rationale = String(o.rationale);
  return a;
}

/** An expectation in MLflow's schema, with a new ID, after checking the options (see {@link newFeedback}). */
export function newExpectation(o: LogExpectationOptions): AssessmentJSON {
  checkCommon(o, o.name);
  if (o.value === undefined) throw new TypeError("logExpectation needs a value");
  const a = base(o, o.name);
  a.expectation = expectationField(checkedValue(o.value));
  return a;
}

/** The fields of an assessment {@link updatedAssessment} may change; the rest stay. */
export interface AssessmentChanges {
  name?: string;
  /** The new feedback or expectation value (the assessment keeps its kind). */
  value?: AssessmentValue;
  /** Feedback only. */
  rationale?: string;
  metadata?: Record<string, string>;
}

/** The changed fields alone, in MLflow's schema (what an MLflow server's UpdateAssessment takes). */
export function assessmentUpdate(current: AssessmentJSON, changes: AssessmentChanges): Partial<AssessmentJSON> {
  const update: Partial<AssessmentJSON> = {};
  if (changes.name !== undefined) {
    if (changes.name.trim() === "") throw new TypeError("An assessment needs a non-empty name");
    update.assessment_name = changes.name;
  }
  if (changes.value !== undefined) {
    const value = checkedValue(changes.value);
    if (current.feedback) update.feedback = { value };
    else update.expectation = expectationField(value);
  }
  if (changes.rationale !== undefined) {
    if (!current.feedback) throw new TypeError("Only feedback has a rationale");
    update.rationale = changes.rationale;
  }
  if (changes.metadata !== undefined) update.metadata = { ...changes.metadata };
  return update;
}

/** The assessment with `changes` applied and its last update time now (MLflow's `update_assessment`). */
export function updatedAssessment(current: AssessmentJSON, changes: AssessmentChanges): AssessmentJSON {
  return { ...current, ...assessmentUpdate(current, changes), last_update_time: new Date().toISOString() };
}
