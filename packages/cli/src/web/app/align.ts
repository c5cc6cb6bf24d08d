/** One step of an alignment of two sequences: an index on each side, or null where that side has nothing. */
export type Aligned = [number | null, number | null];

/**
 * Aligns two sequences of keys by their longest common subsequence: common keys pair up in order, the rest appear
 * on their own side only, each where it stood. O(n·m): callers cap the lengths.
 */
export function alignByKey(a: readonly string[], b: readonly string[]): Aligned[] {
  const n = a.length;
  const m = b.length;
  // lcs[i][j]: length of the LCS of a[i..] and b[j..], in one flat array.
  const lcs = new Uint32Array((n + 1) * (m + 1));
  const at = (i: number, j: number) => i * (m + 1) + j;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[at(i, j)] = a[i] === b[j] ? lcs[at(i + 1, j + 1)] + 1 : Math.max(lcs[at(i + 1, j)], lcs[at(i, j + 1)]);
    }
  }
  const out: Aligned[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) out.push([i++, j++]);
    else if (lcs[at(i + 1, j)] >= lcs[at(i, j + 1)]) out.push([i++, null]);
    else out.push([null, j++]);
  }
  while (i < n) out.push([i++, null]);
  while (j < m) out.push([null, j++]);
  return out;
}
