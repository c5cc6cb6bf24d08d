import { assessmentValue, type Trace } from "@traceloom/core";

/** One record of an evaluation dataset, in the shape `mlflow.genai.evaluate` and MLflow evaluation datasets take. */
export interface GoldenRecord {
  /** The request: the root span's inputs (a non-object value is wrapped as `{ request }`). */
  inputs: Record<string, unknown>;
  /**
   * The recorded response as `expected_response`, and every expectation logged on the trace or its spans by name
   * (as MLflow reads them from a trace's assessments); a logged `expected_response` wins over the recorded one.
   */
  expectations: Record<string, unknown> & { expected_response: unknown };
  /** Where the record came from. */
  source: { trace: { trace_id: string } };
  tags: Record<string, string>;
}

function asInputs(value: unknown): Record<string, unknown> {
  if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  return { request: value ?? null };
}

/** The trace's expectations by name (overridden ones left out), as MLflow's evaluation takes them from a trace. */
function loggedExpectations(trace: Trace): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const a of trace.info.json.assessments ?? []) {
    if (a.expectation && a.valid !== false) out[a.assessment_name] = assessmentValue(a);
  }
  return out;
}

/** A request → response pair from a trace's root span; undefined for a trace without a root span. */
export function toGoldenRecord(trace: Trace): GoldenRecord | undefined {
  const root = trace.rootSpan;
  if (!root) return undefined;
  const tags = Object.fromEntries(Object.entries(trace.info.tags).filter(([k]) => !k.startsWith("mlflow.")));
  return {
    inputs: asInputs(root.inputs),
    expectations: { expected_response: root.outputs ?? null, ...loggedExpectations(trace) },
    source: { trace: { trace_id: trace.traceId } },
    tags,
  };
}

/** Traces as golden-dataset JSONL: one {@link GoldenRecord} per line, failed traces skipped. */
export function toGoldenJsonl(traces: Trace[]): string {
  return traces
    .filter((t) => t.info.state !== "ERROR")
    .map(toGoldenRecord)
    .filter((r): r is GoldenRecord => r !== undefined)
    .map((r) => `${JSON.stringify(r)}\n`)
    .join("");
}
