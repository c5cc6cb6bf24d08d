import { SpanAttributeKey, type SpanJSON } from "../entities/span.js";
import { SpanValues } from "./span-values.js";

/** Span types whose spans call a model (what stats group and price by model). */
export const MODEL_SPAN_TYPES = new Set(["CHAT_MODEL", "LLM", "EMBEDDING"]);

/** Attributes instrumentations put a model name in, most specific first. */
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
 * The model a span (stored JSON) called: a model attribute, the invocation parameters, or the `model` field of its
 * response or request — the places the CLI's pricing looks too.
 */
export function modelOfSpanJson(span: SpanJSON, values = new SpanValues()): string | undefined {
  for (const key of MODEL_ATTRIBUTES) {
    const v = values.get(span, key);
    if (typeof v === "string" && v !== "") return v;
  }
  const inputs = values.get(span, SpanAttributeKey.INPUTS);
  return (
    modelField(values.get(span, "invocation_params")) ??
    modelField(values.get(span, SpanAttributeKey.OUTPUTS)) ??
    modelField(inputs) ??
    modelField((inputs as Record<string, unknown> | undefined)?.body)
  );
}
