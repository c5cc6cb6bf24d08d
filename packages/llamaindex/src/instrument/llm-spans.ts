import { getCurrentSpan, type LiveSpan } from "@traceloom/core";

/** LLM spans made by our wrappers, with the model instance each belongs to. */
const llmSpans = new WeakMap<LiveSpan, object>();

/** Marks `span` as the span of a call on `llm`. */
export function markLLMSpan(span: LiveSpan, llm: object): void {
  llmSpans.set(span, llm);
}

/**
 * The model whose wrapped call is running right now (the active span is its LLM span), if any: a nested call on
 * the same model (`complete` → `chat`, an instance wrapper → the class wrapper) adds no second span.
 */
export function activeLLMCallOwner(): object | undefined {
  const span = getCurrentSpan();
  return span ? llmSpans.get(span) : undefined;
}
