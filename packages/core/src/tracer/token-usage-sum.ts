import { SpanAttributeKey, type SpanJSON } from "../entities/span.js";
import { addTokenUsage, normalizeTokenUsage, type TokenUsage } from "../entities/token-usage.js";

function usageOf(span: SpanJSON): TokenUsage | undefined {
  const raw = span.attributes[SpanAttributeKey.CHAT_USAGE];
  if (raw === undefined) return undefined;
  try {
    return normalizeTokenUsage(JSON.parse(raw));
  } catch {
    return undefined;
  }
}

/**
 * The spans whose token usage counts towards their trace's total: every span reporting usage, except one whose
 * ancestor already reports it (a chain that reports its model's usage must not count it twice). Cost estimates
 * use the same rule.
 */
export function usageCountingSpans(spans: readonly SpanJSON[]): { span: SpanJSON; usage: TokenUsage }[] {
  const byId = new Map<string, SpanJSON>();
  // Each span's usage is parsed once (ancestors are looked at again for every descendant).
  const usages = new Map<SpanJSON, TokenUsage | undefined>();
  for (const s of spans) {
    byId.set(s.span_id, s);
    usages.set(s, usageOf(s));
  }
  const out: { span: SpanJSON; usage: TokenUsage }[] = [];
  for (const span of spans) {
    const usage = usages.get(span);
    if (!usage) continue;
    let parentId = span.parent_span_id;
    let ancestorReports = false;
    for (let hops = 0; parentId !== null && hops < spans.length; hops++) {
      const parent = byId.get(parentId);
      if (!parent) break;
      if (usages.get(parent)) {
        ancestorReports = true;
        break;
      }
      parentId = parent.parent_span_id;
    }
    if (!ancestorReports) out.push({ span, usage });
  }
  return out;
}

/** Trace-level token usage: the sum over {@link usageCountingSpans}; undefined when no span reports usage. */
export function sumTraceTokenUsage(spans: readonly SpanJSON[]): TokenUsage | undefined {
  let total: TokenUsage | undefined;
  for (const { usage } of usageCountingSpans(spans)) total = total ? addTokenUsage(total, usage) : usage;
  return total;
}
