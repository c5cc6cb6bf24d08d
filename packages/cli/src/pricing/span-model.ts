import type { Span } from "@traceloom/core";

const MODEL_ATTRIBUTES = ["mlflow.llm.model", "gen_ai.response.model", "gen_ai.request.model", "llm.model", "model", "model_name"];

function modelField(value: unknown): string | undefined {
  if (!value || typeof value !== "object") return undefined;
  const v = value as Record<string, unknown>;
  for (const key of ["model", "model_name", "modelName"]) {
    if (typeof v[key] === "string" && v[key] !== "") return v[key] as string;
  }
  return undefined;
}

/**
 * The model a span called, as its instrumentation recorded it: a model attribute, the invocation parameters,
 * or the `model` field of the request (inputs) or response (outputs).
 */
export function modelOfSpan(span: Span): string | undefined {
  for (const key of MODEL_ATTRIBUTES) {
    const v = span.attribute(key);
    if (typeof v === "string" && v !== "") return v;
  }
  return (
    modelField(span.attribute("invocation_params")) ??
    modelField(span.outputs) ??
    modelField(span.inputs) ??
    modelField((span.inputs as Record<string, unknown> | undefined)?.body)
  );
}
