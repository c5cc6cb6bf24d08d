import { SpanAttributeKey, type SpanJSON } from "../entities/span.js";
import { addTokenUsage, normalizeTokenUsage, type TokenUsage } from "../entities/token-usage.js";

/**
 * Trace-level token usage: the sum over spans that report usage, skipping any span whose ancestor already
 * reports it (a chain that reports its model's usage must not count it twice). Undefined when no span reports.
 */
export function sumTraceTokenUsage(spans: readonly SpanJSON[]): TokenUsage | undefined {
  const byId = new Map<string, SpanJSON>();
  for (const s of spans) byId.set(s.span_id, s);
  const usageOf = (s: SpanJSON): TokenUsage | undefined => {
    const raw = s.attributes[SpanAttributeKey.CHAT_USAGE];
    if (raw === undefined) return undefined;
    try {
      return normalizeTokenUsage(JSON.parse(raw));
    } catch {
      return undefined;
    }
  };
  let total: TokenUsage | undefined;
  for (const s of spans) {
    const usage = usageOf(s);
    if (!usage) continue;
    let parentId = s.parent_span_id;
    let counted = false;
    for (let hops = 0; parentId !== null && hops < spans.length; hops++) {
      const parent = byId.get(parentId);
      if (!parent) break;
      if (usageOf(parent)) {
        counted = true;
        break;
      }
      parentId = parent.parent_span_id;
    }
    if (!counted) total = total ? addTokenUsage(total, usage) : usage;
  }
  return total;
}
