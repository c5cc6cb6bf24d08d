/**
 * Number formatting and Markdown tables for RESULTS.md.
 */

/**
 * Milliseconds with a precision that suits their size (µs resolution below 1 ms).
 * @param {number} ms
 * @returns {string}
 */
export function ms(ms) {
  if (!Number.isFinite(ms)) return "n/a";
  const abs = Math.abs(ms);
  if (abs < 1) return `${ms.toFixed(4)} ms`;
  if (abs < 100) return `${ms.toFixed(2)} ms`;
  return `${ms.toFixed(0)} ms`;
}

/**
 * A ratio as "×N.NN" (n/a when the denominator is not positive).
 * @param {number} numerator
 * @param {number} denominator
 * @returns {string}
 */
export function ratio(numerator, denominator) {
  if (!(denominator > 0) || !Number.isFinite(numerator)) return "n/a";
  return `×${(numerator / denominator).toFixed(2)}`;
}

/**
 * An integer with thousands separators.
 * @param {number} n
 * @returns {string}
 */
export function int(n) {
  return Number.isFinite(n) ? Math.round(n).toLocaleString("en-US") : "n/a";
}

/**
 * A Markdown table; cells are escaped so a `|` inside text cannot break the row.
 * @param {string[]} header
 * @param {(string | number)[][]} rows
 * @returns {string}
 */
export function table(header, rows) {
  const cell = (c) => String(c).replace(/\|/g, "\\|").replace(/\n/g, " ");
  const lines = [`| ${header.map(cell).join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`];
  for (const row of rows) lines.push(`| ${row.map(cell).join(" | ")} |`);
  return lines.join("\n");
}
