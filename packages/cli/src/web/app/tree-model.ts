import type { SpanView } from "../../server/api-types.js";

/** Deepest nesting drawn (guards against cycles in damaged data). */
const MAX_DEPTH = 200;
/** Traces up to this many spans open fully expanded; bigger ones open two levels deep. */
const EXPAND_ALL_UP_TO = 500;

/** A span with its place in the tree. */
export interface TreeNode {
  span: SpanView;
  depth: number;
  parent: TreeNode | null;
  children: TreeNode[];
}

/** The spans as a forest: a span whose parent is missing becomes a root. */
export function buildTree(spans: SpanView[]): TreeNode[] {
  const ids = new Set(spans.map((s) => s.spanId));
  const kids = new Map<string | null, SpanView[]>();
  for (const s of spans) {
    const parent = s.parentId !== null && ids.has(s.parentId) ? s.parentId : null;
    const list = kids.get(parent);
    if (list) list.push(s);
    else kids.set(parent, [s]);
  }
  const make = (s: SpanView, depth: number, parent: TreeNode | null): TreeNode => {
    const node: TreeNode = { span: s, depth, parent, children: [] };
    if (depth < MAX_DEPTH) node.children = (kids.get(s.spanId) ?? []).map((c) => make(c, depth + 1, node));
    return node;
  };
  return (kids.get(null) ?? []).map((s) => make(s, 0, null));
}

/** Calls `visit` on every node, depth first, in display order. */
export function walk(nodes: TreeNode[], visit: (node: TreeNode) => void): void {
  const stack = [...nodes].reverse();
  while (stack.length > 0) {
    const node = stack.pop() as TreeNode;
    visit(node);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
}

/** The spans a trace opens with expanded: every parent in a trace of ordinary size, else the top two levels. */
export function initiallyExpanded(roots: TreeNode[], spanCount: number): Set<string> {
  const open = new Set<string>();
  walk(roots, (n) => {
    if (n.children.length > 0 && (spanCount <= EXPAND_ALL_UP_TO || n.depth < 2)) open.add(n.span.spanId);
  });
  return open;
}

/**
 * Left indent of a row at `depth`, in pixels: 16 per level for the first 8 levels, then 4 per level (the row also
 * shows its depth from level 9 on), so deep levels stay apart without pushing the names out of the name column.
 */
export function indentPx(depth: number): number {
  return depth <= 8 ? depth * 16 : 128 + (depth - 8) * 4;
}

/** Whether a span matches a search text (case-insensitive, in its name or type). */
export function spanMatches(span: SpanView, query: string): boolean {
  const q = query.trim().toLowerCase();
  return q !== "" && (span.name.toLowerCase().includes(q) || span.spanType.toLowerCase().includes(q));
}
