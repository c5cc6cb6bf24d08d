import { getCurrentSpan, type LiveSpan } from "@traceloom/core";
import { pluginState } from "../runtime/state.js";

/** Marks `span` as the span of a call on `llm`. */
export function markLLMSpan(span: LiveSpan, llm: object): void {
  pluginState().llmSpans.set(span, llm);
}

/**
 * The model whose wrapped call is running right now (the active span is its LLM span), if any: a nested call on
 * the same model (`complete` → `chat`, an instance wrapper → the class wrapper) adds no second span.
 */
export function activeLLMCallOwner(): object | undefined {
  const span = getCurrentSpan();
  return span ? pluginState().llmSpans.get(span) : undefined;
}
