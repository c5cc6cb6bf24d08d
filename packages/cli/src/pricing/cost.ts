import { Span, usageCountingSpans, type TokenUsage, type Trace } from "@traceloom/core";
import type { PriceTable } from "./price-table.js";
import { modelOfSpan } from "./span-model.js";

/** An estimated cost in US dollars. */
export interface CostEstimate {
  usd: number;
  /** Spans with token usage whose model had no price (their cost is missing from `usd`). */
  unpricedSpans: number;
}

/** The cost of one span's own token usage, or undefined without usage or a known model price. */
export function spanCost(span: Span, prices: PriceTable): number | undefined {
  return usageCost(span.tokenUsage, modelOfSpan(span), prices);
}

/** Cost of a token usage for a model, or undefined when either is unknown. */
export function usageCost(usage: TokenUsage | undefined, model: string | undefined, prices: PriceTable): number | undefined {
  if (!usage || !model) return undefined;
  const price = prices.priceFor(model);
  if (!price) return undefined;
  return (usage.input_tokens * price.input + usage.output_tokens * price.output) / 1_000_000;
}

/**
 * The estimated cost of a trace: the sum over the spans that count towards its token total (core's
 * `usageCountingSpans`: a span whose ancestor already reported usage is skipped, so nested wrappers are not
 * counted twice). Undefined when no span has usage.
 */
export function traceCost(trace: Trace, prices: PriceTable): CostEstimate | undefined {
  const counting = usageCountingSpans(trace.spans.map((s) => s.json));
  if (counting.length === 0) return undefined;
  let usd = 0;
  let unpricedSpans = 0;
  for (const { span, usage } of counting) {
    const cost = usageCost(usage, modelOfSpan(Span.fromJSON(span)), prices);
    if (cost === undefined) unpricedSpans++;
    else usd += cost;
  }
  return { usd, unpricedSpans };
}
