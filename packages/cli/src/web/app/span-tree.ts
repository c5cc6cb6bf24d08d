import type { SpanView } from "../../server/api-types.js";
import { typeBadge } from "./badges.js";
import { h, replaceChildren } from "./dom.js";
import { formatDuration } from "./format.js";
import { timelineLengthMs } from "./timeline.js";

/** Deepest nesting drawn (guards against cycles in damaged data). */
const MAX_DEPTH = 200;

interface TreeNode {
  span: SpanView;
  depth: number;
  children: TreeNode[];
}

function buildTree(spans: SpanView[]): TreeNode[] {
  const ids = new Set(spans.map((s) => s.spanId));
  const kids = new Map<string | null, SpanView[]>();
  for (const s of spans) {
    const parent = s.parentId !== null && ids.has(s.parentId) ? s.parentId : null;
    kids.set(parent, [...(kids.get(parent) ?? []), s]);
  }
  const make = (s: SpanView, depth: number): TreeNode => ({
    span: s,
    depth,
    children: depth >= MAX_DEPTH ? [] : (kids.get(s.spanId) ?? []).map((c) => make(c, depth + 1)),
  });
  return (kids.get(null) ?? []).map((s) => make(s, 0));
}

/**
 * The span tree with a timeline: one row per visible span — indent, expand toggle, type, name, duration — and a
 * gantt bar placed by start offset and duration. Failed spans are marked red.
 */
export class SpanTree {
  readonly element: HTMLElement;
  private readonly roots: TreeNode[];
  private readonly expanded = new Set<string>();
  private readonly totalMs: number;
  private readonly body = h("div", { class: "tree-body", attrs: { role: "tree" } });

  constructor(
    spans: SpanView[],
    private selected: string,
    private readonly onSelect: (spanId: string) => void,
  ) {
    this.roots = buildTree(spans);
    this.totalMs = timelineLengthMs(spans);
    for (const root of this.roots) this.expanded.add(root.span.spanId);
    this.revealSelected();
    this.element = h("div", { class: "span-tree" }, this.toolbar(), this.axis(), this.body);
    this.render();
  }

  /** Marks a span selected and makes sure it is visible. */
  select(spanId: string): void {
    this.selected = spanId;
    this.revealSelected();
    this.render();
  }

  private revealSelected(): void {
    const path: string[] = [];
    const find = (nodes: TreeNode[]): boolean =>
      nodes.some((n) => {
        if (n.span.spanId === this.selected) return true;
        path.push(n.span.spanId);
        if (find(n.children)) return true;
        path.pop();
        return false;
      });
    if (find(this.roots)) for (const id of path) this.expanded.add(id);
  }

  private toolbar(): HTMLElement {
    const all = (open: boolean) => () => {
      const visit = (nodes: TreeNode[]) =>
        nodes.forEach((n) => {
          if (open && n.children.length > 0) this.expanded.add(n.span.spanId);
          else if (!open && n.depth > 0) this.expanded.delete(n.span.spanId);
          visit(n.children);
        });
      visit(this.roots);
      this.render();
    };
    return h(
      "div",
      { class: "tree-toolbar" },
      h("span", { class: "tree-title", text: "Spans" }),
      h("button", { class: "link", text: "Expand all", on: { click: all(true) } }),
      h("button", { class: "link", text: "Collapse all", on: { click: all(false) } }),
    );
  }

  private axis(): HTMLElement {
    const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) =>
      h("span", { class: "tick", style: { left: `${(f * 100).toFixed(2)}%` }, text: formatDuration(f * this.totalMs) }),
    );
    return h("div", { class: "tree-row axis-row" }, h("div", { class: "tree-name" }), h("div", { class: "timeline axis" }, ...ticks));
  }

  private render(): void {
    const rows: HTMLElement[] = [];
    const visit = (node: TreeNode) => {
      rows.push(this.row(node));
      if (this.expanded.has(node.span.spanId)) node.children.forEach(visit);
    };
    this.roots.forEach(visit);
    replaceChildren(this.body, ...rows);
  }

  private row(node: TreeNode): HTMLElement {
    const s = node.span;
    const hasKids = node.children.length > 0;
    const open = this.expanded.has(s.spanId);
    const failed = s.status.code === "STATUS_CODE_ERROR";
    const toggle = hasKids
      ? h("button", {
          class: "toggle",
          text: open ? "▾" : "▸",
          title: open ? "Collapse" : "Expand",
          attrs: { "aria-label": `${open ? "Collapse" : "Expand"} ${s.name}` },
          on: {
            click: (e) => {
              e.stopPropagation();
              this.toggle(s.spanId);
            },
          },
        })
      : h("span", { class: "toggle-space" });
    const left = (s.startOffsetMs / this.totalMs) * 100;
    const width = Math.max(0.4, (((s.durationMs ?? this.totalMs - s.startOffsetMs) / this.totalMs) * 100));
    const bar = h("div", {
      class: `bar bar-${s.spanType.toLowerCase().replace(/[^a-z_]/g, "")}${failed ? " bar-error" : ""}${s.durationMs === null ? " bar-running" : ""}`,
      style: { left: `${left.toFixed(3)}%`, width: `${Math.min(width, 100 - left).toFixed(3)}%` },
      title: `${s.name}: ${formatDuration(s.durationMs)}`,
    });
    const row = h(
      "div",
      {
        class: `tree-row${s.spanId === this.selected ? " selected" : ""}${failed ? " failed" : ""}`,
        attrs: {
          role: "treeitem",
          tabindex: "0",
          "data-span-id": s.spanId,
          "data-span-name": s.name,
          "aria-selected": String(s.spanId === this.selected),
          ...(hasKids ? { "aria-expanded": String(open) } : {}),
        },
        on: {
          click: () => this.onSelect(s.spanId),
          keydown: (e) => {
            if (e.key === "Enter" || e.key === " ") {
              e.preventDefault();
              this.onSelect(s.spanId);
            } else if (hasKids && (e.key === "ArrowRight" || e.key === "ArrowLeft") && open === (e.key === "ArrowLeft")) {
              this.toggle(s.spanId);
            }
          },
        },
      },
      h(
        "div",
        { class: "tree-name", style: { "padding-left": `${node.depth * 16 + 4}px` } },
        toggle,
        typeBadge(s.spanType),
        h("span", { class: "span-name", text: s.name }),
        failed ? h("span", { class: "err-mark", text: "!", title: s.status.message }) : null,
        h("span", { class: "span-ms", text: formatDuration(s.durationMs) }),
      ),
      h("div", { class: "timeline" }, bar),
    );
    return row;
  }

  private toggle(spanId: string): void {
    if (this.expanded.has(spanId)) this.expanded.delete(spanId);
    else this.expanded.add(spanId);
    this.render();
    (this.body.querySelector(`[data-span-id="${CSS.escape(spanId)}"]`) as HTMLElement | null)?.focus();
  }
}
