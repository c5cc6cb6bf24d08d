import { getCurrentSpan, type LiveSpan } from "@traceloom/core";

/** TOOL spans made by our wrappers: the `llm-tool-call` event inside one adds no second span. */
const toolSpans = new WeakSet<LiveSpan>();

/** Marks `span` as a wrapper-made TOOL span. */
export function markToolSpan(span: LiveSpan): void {
  toolSpans.add(span);
}

/** True when the active span is a wrapper-made TOOL span. */
export function insideTracedTool(): boolean {
  const span = getCurrentSpan();
  return span !== undefined && toolSpans.has(span);
}
