import type { ModelTokens } from "@traceloom/core";
import type { PriceTable } from "./price-table.js";

/** The estimated cost of a group's model calls. */
export interface ModelsCost {
  /** US dollars over the models with a known price. */
  usd: number;
  /** Models that used tokens but have no price: their cost is missing from `usd`. */
  unpricedModels: string[];
}

/**
 * What the token usage of each model costs at `prices`. Undefined when no model used a token (nothing to price,
 * which is not the same as free).
 */
export function modelsCost(tokensByModel: readonly ModelTokens[], prices: PriceTable): ModelsCost | undefined {
  const used = tokensByModel.filter((m) => m.inputTokens + m.outputTokens > 0);
  if (used.length === 0) return undefined;
  let usd = 0;
  const unpricedModels: string[] = [];
  for (const m of used) {
    const price = prices.priceFor(m.model);
    if (price) usd += (m.inputTokens * price.input + m.outputTokens * price.output) / 1_000_000;
    else unpricedModels.push(m.model);
  }
  return { usd, unpricedModels };
}
