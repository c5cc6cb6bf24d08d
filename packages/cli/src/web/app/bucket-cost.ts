import type { BucketReport } from "../../stats/stats-report.js";
import { h } from "./dom.js";

/**
 * A bucket's estimated cost as a chart value: its priced USD, 0 when no model used tokens, null (drawn as a gap)
 * when the store did not report the bucket's tokens by model.
 */
export function bucketCost(bucket: BucketReport): number | null {
  if (bucket.cost === undefined) return null;
  return bucket.cost?.usd ?? 0;
}

/** True when some bucket of the series has a known cost (the store reports tokens by model per bucket). */
export function hasBucketCosts(series: readonly (readonly BucketReport[])[]): boolean {
  return series.some((buckets) => buckets.some((b) => b.cost !== undefined));
}

/** What stands in for a cost chart when no bucket's cost is known. */
export function unknownCostNote(): HTMLElement {
  return h("p", { class: "hint", attrs: { "data-chart": "cost" }, text: "Estimated cost over time: unknown, this store does not report tokens by model per time bucket." });
}
