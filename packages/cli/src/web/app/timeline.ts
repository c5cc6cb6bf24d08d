import type { SpanView } from "../../server/span-view.js";

/**
 * The length of a trace's timeline in milliseconds: the latest span end (at least 0.001, so bars can be scaled).
 * A loop, not `Math.max(...spans)`, which overflows the stack on traces of a few hundred thousand spans.
 */
export function timelineLengthMs(spans: readonly Pick<SpanView, "startOffsetMs" | "durationMs">[]): number {
  let end = 0.001;
  for (const s of spans) end = Math.max(end, s.startOffsetMs + (s.durationMs ?? 0));
  return end;
}
