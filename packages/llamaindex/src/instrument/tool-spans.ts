import { getCurrentSpan, type LiveSpan } from "@traceloom/core";
import { pluginState } from "../runtime/state.js";

/** Marks `span` as a wrapper-made TOOL span: the `llm-tool-call` event inside one adds no second span. */
export function markToolSpan(span: LiveSpan): void {
  pluginState().toolSpans.add(span);
}

/** True when the active span is a wrapper-made TOOL span. */
export function insideTracedTool(): boolean {
  const span = getCurrentSpan();
  return span !== undefined && pluginState().toolSpans.has(span);
}
