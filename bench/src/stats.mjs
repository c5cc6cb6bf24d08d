/**
 * Order statistics for benchmark samples (numbers in any unit). Pure functions; no timing here.
 */

/**
 * The q-quantile (0 ≤ q ≤ 1) of the samples, by linear interpolation between the closest ranks.
 * @param {number[]} samples
 * @param {number} q
 * @returns {number} NaN for no samples
 */
export function quantile(samples, q) {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * The median of the samples.
 * @param {number[]} samples
 * @returns {number}
 */
export function median(samples) {
  return quantile(samples, 0.5);
}

/**
 * Count, median and 90th percentile of the samples.
 * @param {number[]} samples
 * @returns {{ n: number, median: number, p90: number }}
 */
export function summarize(samples) {
  return { n: samples.length, median: median(samples), p90: quantile(samples, 0.9) };
}

/**
 * Median of per-round medians: each round's median is taken first, so a slow round (another process busy on the
 * machine) moves one value of many instead of a whole block of samples.
 * @param {number[][]} rounds
 * @returns {number}
 */
export function medianOfRoundMedians(rounds) {
  return median(rounds.filter((r) => r.length > 0).map(median));
}

/**
 * Overhead of `treated` over `baseline`: difference of medians and of 90th percentiles, in the samples' unit.
 * @param {number[]} treated
 * @param {number[]} baseline
 * @returns {{ median: number, p90: number }}
 */
export function overhead(treated, baseline) {
  return { median: median(treated) - median(baseline), p90: quantile(treated, 0.9) - quantile(baseline, 0.9) };
}
