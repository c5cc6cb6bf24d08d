import { modelOfSpanJson, type Span } from "@traceloom/core";

/**
 * The model a span called, as its instrumentation recorded it: a model attribute, the invocation parameters,
 * or the `model` field of the response (outputs) or request (inputs) — core's rule, the one the store's stats use.
 */
export function modelOfSpan(span: Span): string | undefined {
  return modelOfSpanJson(span.json);
}
