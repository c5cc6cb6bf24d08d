import type { SpanView } from "../../server/api-types.js";
import { typeBadge } from "./badges.js";
import { h, replaceChildren } from "./dom.js";
import { formatDuration } from "./format.js";
import { timelineLengthMs } from "./timeline.js";
import { buildTree, indentPx, initiallyExpanded, spanMatches, walk, type TreeNode } from "./tree-model.js";

/**
 * The span tree with a timeline: one row per visible span — indent, expand toggle, type, name, duration — and a
 * gantt bar placed by start offset and duration. Failed spans are marked red. A search box narrows the tree to the
 * spans whose name or type matches (and their ancestors); the arrow keys move between rows as in a file tree.
 */
export class SpanTree {
  readonly element: HTMLElement;
  private readonly roots: TreeNode[];
  private readonly byId = new Map<string, TreeNode>();
  private readonly expanded: Set<string>;
  private readonly totalMs: number;
  private readonly body = h("div", { class: "tree-body", attrs: { role: "tree" } });
  private readonly matchCount = h("span", { class: "match-count dim", attrs: { "aria-live": "polite" } });
  private query = "";
  /** The rows on screen, in order (for the arrow keys). */
  private visible: TreeNode[] = [];

  constructor(
    spans: SpanView[],
    private selected: string,
    private readonly onSelect: (spanId: string) => void,
  ) {
    this.roots = buildTree(spans);
    walk(this.roots, (n) => this.byId.set(n.span.spanId, n));
    this.totalMs = timelineLengthMs(spans);
    this.expanded = initiallyExpanded(this.roots, spans.length);
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
    for (let n = this.byId.get(this.selected)?.parent; n; n = n.parent) this.expanded.add(n.span.spanId);
  }

  private toolbar(): HTMLElement {
    const all = (open: boolean) => () => {
      walk(this.roots, (n) => {
        if (open && n.children.length > 0) this.expanded.add(n.span.spanId);
        else if (!open && n.depth > 0) this.expanded.delete(n.span.spanId);
      });
      this.render();
    };
    const search = h("input", {
      class: "span-search",
      attrs: { type: "search", placeholder: "Find span (name or type)", "aria-label": "Find span", spellcheck: "false" },
      on: {
        input: () => {
          this.query = search.value;
          this.render();
        },
        keydown: (e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            this.selectNextMatch(e.shiftKey ? -1 : 1);
          } else if (e.key === "Escape") {
            search.value = this.query = "";
            this.render();
          }
        },
      },
    });
    return h(
      "div",
      { class: "tree-toolbar" },
      h("span", { class: "tree-title", text: "Spans" }),
      search,
      this.matchCount,
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

  /** The spans matching the search, in display order; with their ancestors, the only ones shown while searching. */
  private matches(): { hits: TreeNode[]; shown: Set<TreeNode> } {
    const hits: TreeNode[] = [];
    const shown = new Set<TreeNode>();
    walk(this.roots, (n) => {
      if (!spanMatches(n.span, this.query)) return;
      hits.push(n);
      for (let a: TreeNode | null = n; a && !shown.has(a); a = a.parent) shown.add(a);
    });
    return { hits, shown };
  }

  private render(): void {
    const searching = this.query.trim() !== "";
    const { hits, shown } = searching ? this.matches() : { hits: [], shown: new Set<TreeNode>() };
    const hitSet = new Set(hits);
    this.visible = [];
    const visit = (node: TreeNode) => {
      if (searching && !shown.has(node)) return;
      this.visible.push(node);
      if (searching || this.expanded.has(node.span.spanId)) node.children.forEach(visit);
    };
    this.roots.forEach(visit);
    this.matchCount.textContent = searching ? `${hits.length} match${hits.length === 1 ? "" : "es"}` : "";
    replaceChildren(this.body, ...this.visible.map((n) => this.row(n, hitSet.has(n))));
  }

  private row(node: TreeNode, isMatch: boolean): HTMLElement {
    const s = node.span;
    const hasKids = node.children.length > 0;
    const open = this.expanded.has(s.spanId);
    const failed = s.status.code === "STATUS_CODE_ERROR";
    const toggle = hasKids
      ? h("button", {
          class: "toggle",
          text: open ? "▾" : "▸",
          title: open ? "Collapse" : "Expand",
          attrs: { "aria-label": `${open ? "Collapse" : "Expand"} ${s.name}`, tabindex: "-1" },
          on: {
            click: (e) => {
              e.stopPropagation();
              this.toggle(s.spanId);
            },
          },
        })
      : h("span", { class: "toggle-space" });
    const left = (s.startOffsetMs / this.totalMs) * 100;
    const width = Math.max(0.4, ((s.durationMs ?? this.totalMs - s.startOffsetMs) / this.totalMs) * 100);
    const bar = h("div", {
      class: `bar bar-${s.spanType.toLowerCase().replace(/[^a-z_]/g, "")}${failed ? " bar-error" : ""}${s.durationMs === null ? " bar-running" : ""}`,
      style: { left: `${left.toFixed(3)}%`, width: `${Math.min(width, 100 - left).toFixed(3)}%` },
      title: `${s.name}: ${formatDuration(s.durationMs)}`,
    });
    const isSelected = s.spanId === this.selected;
    return h(
      "div",
      {
        class: `tree-row${isSelected ? " selected" : ""}${failed ? " failed" : ""}${isMatch ? " match" : ""}`,
        attrs: {
          role: "treeitem",
          tabindex: isSelected ? "0" : "-1",
          "data-span-id": s.spanId,
          "data-span-name": s.name,
          "aria-level": String(node.depth + 1),
          "aria-selected": String(isSelected),
          ...(hasKids ? { "aria-expanded": String(open) } : {}),
        },
        on: {
          click: () => this.moveTo(s.spanId),
          keydown: (e) => this.onKey(e, node),
        },
      },
      h(
        "div",
        // The indent stops at 30% of the name column, so the name keeps its room however deep the span is.
        { class: "tree-name", style: { "padding-left": `min(${indentPx(node.depth) + 4}px, 30%)` } },
        node.depth > 8 ? h("span", { class: "depth-mark", text: String(node.depth), title: `Nesting level ${node.depth}` }) : null,
        toggle,
        typeBadge(s.spanType),
        h("span", { class: "span-name", text: s.name, title: s.name }),
        failed ? h("span", { class: "err-mark", text: "!", title: s.status.message }) : null,
        h("span", { class: "span-ms", text: formatDuration(s.durationMs) }),
      ),
      h("div", { class: "timeline" }, bar),
    );
  }

  private onKey(e: KeyboardEvent, node: TreeNode): void {
    const at = this.visible.indexOf(node);
    const open = this.expanded.has(node.span.spanId);
    let target: TreeNode | undefined;
    if (e.key === "Enter" || e.key === " ") target = node;
    else if (e.key === "ArrowDown") target = this.visible[at + 1];
    else if (e.key === "ArrowUp") target = this.visible[at - 1];
    else if (e.key === "Home") target = this.visible[0];
    else if (e.key === "End") target = this.visible[this.visible.length - 1];
    else if (e.key === "ArrowRight" && node.children.length > 0) {
      if (!open) return this.keyed(e, () => this.toggle(node.span.spanId));
      target = node.children[0];
    } else if (e.key === "ArrowLeft") {
      if (open && node.children.length > 0) return this.keyed(e, () => this.toggle(node.span.spanId));
      target = node.parent ?? undefined;
    } else return;
    e.preventDefault();
    if (target) this.moveTo(target.span.spanId);
  }

  private keyed(e: KeyboardEvent, action: () => void): void {
    e.preventDefault();
    action();
  }

  /** Selects a span (the page shows its detail) and puts the keyboard focus on its row. */
  private moveTo(spanId: string): void {
    this.onSelect(spanId);
    this.focusRow(spanId);
  }

  private selectNextMatch(step: 1 | -1): void {
    const { hits } = this.matches();
    if (hits.length === 0) return;
    const at = hits.findIndex((n) => n.span.spanId === this.selected);
    const next = hits[at < 0 ? (step === 1 ? 0 : hits.length - 1) : (at + step + hits.length) % hits.length];
    this.onSelect(next.span.spanId);
    this.rowOf(next.span.spanId)?.scrollIntoView({ block: "nearest" });
  }

  private rowOf(spanId: string): HTMLElement | null {
    return this.body.querySelector(`[data-span-id="${CSS.escape(spanId)}"]`);
  }

  private focusRow(spanId: string): void {
    const row = this.rowOf(spanId);
    row?.focus();
    row?.scrollIntoView({ block: "nearest" });
  }

  private toggle(spanId: string): void {
    if (this.expanded.has(spanId)) this.expanded.delete(spanId);
    else this.expanded.add(spanId);
    this.render();
    this.focusRow(spanId);
  }
}
