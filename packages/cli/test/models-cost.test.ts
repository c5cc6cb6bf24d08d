import { describe, expect, it } from "vitest";
import { PriceTable } from "../src/pricing/price-table.js";
import { modelsCost } from "../src/pricing/models-cost.js";

describe("modelsCost", () => {
  const prices = new PriceTable({ "gpt-4o-mini": { input: 0.15, output: 0.6 }, "text-embedding-3-small": { input: 0.02, output: 0 } });

  it("prices each model's tokens, matching dated names, and lists the models without a price", () => {
    const cost = modelsCost(
      [
        { model: "gpt-4o-mini-2024-07-18", inputTokens: 1_000_000, outputTokens: 500_000 },
        { model: "text-embedding-3-small", inputTokens: 2_000_000, outputTokens: 0 },
        { model: "my-finetune", inputTokens: 10, outputTokens: 5 },
      ],
      prices,
    );
    expect(cost?.usd).toBeCloseTo(0.15 + 0.3 + 0.04, 12);
    expect(cost?.unpricedModels).toEqual(["my-finetune"]);
  });

  it("is undefined when no model used a token: nothing to price is not the same as free", () => {
    expect(modelsCost([], prices)).toBeUndefined();
    expect(modelsCost([{ model: "my-finetune", inputTokens: 0, outputTokens: 0 }], prices)).toBeUndefined();
    expect(modelsCost([{ model: "gpt-4o-mini", inputTokens: 0, outputTokens: 0 }, { model: "x", inputTokens: 1, outputTokens: 0 }], prices)).toEqual({ usd: 0, unpricedModels: ["x"] });
  });
});
