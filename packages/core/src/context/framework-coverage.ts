import type { LiveSpan } from "../tracer/live-span.js";
import { activeSpan } from "./active.js";

/**
 * Spans under which a framework plugin already records the model and tool work (e.g. @traceloom/mastra's agent and
 * model spans, whose framework runs the AI SDK itself). Kept on `globalThis` so that every copy and build of every
 * plugin shares it.
 */
const COVERING_SPANS = Symbol.for("traceloom.framework.modelSpans");

function coveringSpans(): WeakSet<LiveSpan> {
  const g = globalThis as unknown as Record<symbol, WeakSet<LiveSpan> | undefined>;
  return (g[COVERING_SPANS] ??= new WeakSet());
}

/**
 * Marks `span` as recording, itself, the model and tool work that runs inside it: a plugin for a lower layer (the
 * AI SDK under Mastra) asks {@link isCoveredByFramework} and records nothing there, so nothing is recorded twice.
 */
export function markCoveredByFramework(span: LiveSpan): void {
  coveringSpans().add(span);
}

/** Whether `span` (by default the active one) was marked with {@link markCoveredByFramework}. */
export function isCoveredByFramework(span: LiveSpan | undefined = activeSpan()): boolean {
  return span !== undefined && coveringSpans().has(span);
}
