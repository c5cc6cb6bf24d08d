import type { SpanView } from "../../server/api-types.js";
import { alignByKey } from "./align.js";
import { buildTree, type TreeNode } from "./tree-model.js";

/** One row of two span trees laid side by side: the span at this place in each tree, or null where it has none. */
export interface ComparedRow {
  depth: number;
  left: SpanView | null;
  right: SpanView | null;
}

/** Sibling keys: the name and its occurrence among same-named siblings (a second `get_weather` call is `get_weather#1`). */
function keysOf(nodes: TreeNode[]): string[] {
  const seen = new Map<string, number>();
  return nodes.map((n) => {
    const k = seen.get(n.span.name) ?? 0;
    seen.set(n.span.name, k + 1);
    return `${n.span.name}#${k}`;
  });
}

/**
 * The two traces' span trees merged into rows, depth first: spans at the same place (same names along the path,
 * siblings matched in order) share a row; a span only one trace has gets a row with the other side empty, so traces
 * of different shapes line up where they agree.
 */
export function compareTrees(left: SpanView[], right: SpanView[]): ComparedRow[] {
  const rows: ComparedRow[] = [];
  const visit = (a: TreeNode[], b: TreeNode[], depth: number) => {
    for (const [i, j] of alignByKey(keysOf(a), keysOf(b))) {
      const l = i === null ? undefined : a[i];
      const r = j === null ? undefined : b[j];
      rows.push({ depth, left: l?.span ?? null, right: r?.span ?? null });
      visit(l?.children ?? [], r?.children ?? [], depth + 1);
    }
  };
  visit(buildTree(left), buildTree(right), 0);
  return rows;
}

/** A line diff of two texts: each line marked as in both (" "), only the first ("-") or only the second ("+"). */
export function diffLines(a: string, b: string, maxLines: number): { lines: { mark: " " | "-" | "+"; text: string }[]; truncated: boolean } {
  const left = a.split("\n");
  const right = b.split("\n");
  const truncated = left.length > maxLines || right.length > maxLines;
  const l = left.slice(0, maxLines);
  const r = right.slice(0, maxLines);
  const lines = alignByKey(l, r).map(([i, j]) =>
    i !== null && j !== null ? { mark: " " as const, text: l[i] } : i !== null ? { mark: "-" as const, text: l[i] } : { mark: "+" as const, text: r[j!] },
  );
  return { lines, truncated };
}
