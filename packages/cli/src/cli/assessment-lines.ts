import { assessmentValue, terminalSafe, type AssessmentJSON, type Trace } from "@traceloom/core";

/** A value on one line: strings as they are, anything else as JSON. */
function shown(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value ?? null);
}

/** One assessment on one terminal line: kind, name, value or error, source, span, time, rationale. */
function assessmentLine(a: AssessmentJSON, spanNames: Map<string, string>): string {
  const kind = a.feedback ? "feedback" : "expectation";
  const error = a.feedback?.error;
  const value = error ? `error ${error.error_code ?? ""}: ${error.error_message ?? ""}`.trim() : shown(assessmentValue(a));
  const span = a.span_id ? ` on span ${spanNames.get(a.span_id) ?? "?"} (${a.span_id})` : "";
  const rationale = a.rationale ? ` — ${a.rationale}` : "";
  const invalid = a.valid === false ? " [overridden]" : "";
  const line = `  ${kind} ${a.assessment_name} = ${value}${invalid}  by ${a.source.source_type} ${a.source.source_id}${span}, ${a.last_update_time}${rationale}`;
  return terminalSafe(line);
}

/**
 * The "Assessments:" block `traces show` prints after the tree: one line per feedback or expectation, every text
 * from the store escaped (a reviewer's comment or a judge's rationale is untrusted terminal input too). Empty when
 * the trace has none.
 */
export function assessmentLines(trace: Trace): string {
  const list = trace.info.json.assessments ?? [];
  if (list.length === 0) return "";
  const spanNames = new Map(trace.spans.map((s) => [s.spanId, s.name]));
  return `Assessments:\n${list.map((a) => `${assessmentLine(a, spanNames)}\n`).join("")}`;
}
