import type { SpanView, TraceDetailResponse } from "../../server/api-types.js";
import { getJson } from "./api-client.js";
import { statusBadge, typeBadge } from "./badges.js";
import { compareTrees, diffLines } from "./compare-tree.js";
import { h, replaceChildren, type Child } from "./dom.js";
import { formatCost, formatDuration, formatTime } from "./format.js";
import type { Page } from "./page.js";
import type { CompareRoute } from "./run-routes.js";
import { traceHash } from "./router.js";

/** Lines of each root input/output compared at most. */
const MAX_DIFF_LINES = 400;

type Detail = TraceDetailResponse;

const rootOf = (d: Detail): SpanView | undefined => {
  const ids = new Set(d.spans.map((s) => s.spanId));
  return d.spans.find((s) => s.parentId === null || !ids.has(s.parentId));
};

/** "+12 ms", "−3", "" when equal or unknown. */
function delta(a: number | null | undefined, b: number | null | undefined, format: (n: number) => string): string {
  if (a === null || a === undefined || b === null || b === undefined || a === b) return "";
  const d = b - a;
  return `${d > 0 ? "+" : "−"}${format(Math.abs(d))}`;
}

const count = (n: number) => n.toLocaleString("en-US");

function summaryTable(a: Detail, b: Detail): HTMLElement {
  const row = (label: string, cell: (d: Detail) => Child, diff = "") =>
    h("tr", {}, h("th", { text: label }), h("td", {}, cell(a)), h("td", {}, cell(b)), h("td", { class: "delta", text: diff }));
  const tokens = (d: Detail, k: "input_tokens" | "output_tokens" | "total_tokens") => d.summary.tokens?.[k] ?? null;
  const tokenRow = (label: string, k: "input_tokens" | "output_tokens" | "total_tokens") =>
    row(label, (d) => (tokens(d, k) === null ? "—" : count(tokens(d, k)!)), delta(tokens(a, k), tokens(b, k), count));
  return h(
    "table",
    { class: "compare-summary", attrs: { id: "compare-summary" } },
    h("thead", {}, h("tr", {}, h("th"), h("th", { text: "A" }), h("th", { text: "B" }), h("th", { text: "B − A" }))),
    h(
      "tbody",
      {},
      row("Trace", (d) => h("a", { attrs: { href: traceHash(d.summary.traceId) } }, h("span", { class: "trace-name", text: d.summary.name }), h("span", { class: "trace-id", text: d.summary.traceId }))),
      row("Status", (d) => statusBadge(d.summary.state)),
      row("Started", (d) => formatTime(d.summary.requestTime)),
      row("Latency", (d) => formatDuration(d.summary.executionTimeMs), delta(a.summary.executionTimeMs, b.summary.executionTimeMs, formatDuration)),
      row("Spans", (d) => String(d.summary.spanCount), delta(a.summary.spanCount, b.summary.spanCount, count)),
      tokenRow("Input tokens", "input_tokens"),
      tokenRow("Output tokens", "output_tokens"),
      tokenRow("Total tokens", "total_tokens"),
      row("Est. cost", (d) => formatCost(d.summary.cost?.usd), delta(a.summary.cost?.usd, b.summary.cost?.usd, formatCost)),
    ),
  );
}

function spanCell(s: SpanView | null): HTMLElement {
  if (!s) return h("td", { class: "absent", text: "—" });
  const facts = [formatDuration(s.durationMs), s.tokenUsage ? `${count(s.tokenUsage.total_tokens)} tok` : "", s.costUsd !== null ? formatCost(s.costUsd) : ""].filter(Boolean).join(" · ");
  return h("td", { class: s.status.code === "STATUS_CODE_ERROR" ? "span-error" : "" }, typeBadge(s.spanType), " ", h("span", { class: "span-name", text: s.name }), h("span", { class: "dim span-facts", text: ` ${facts}` }));
}

function treeTable(a: Detail, b: Detail): HTMLElement {
  const rows = compareTrees(a.spans, b.spans).map((r) =>
    h(
      "tr",
      { class: r.left && r.right ? "both" : r.left ? "only-a" : "only-b" },
      h("td", { class: "depth", style: { "padding-left": `${8 + Math.min(r.depth, 20) * 14}px` }, text: (r.left ?? r.right)!.name }),
      spanCell(r.left),
      spanCell(r.right),
      h("td", { class: "delta", text: r.left && r.right ? delta(r.left.durationMs, r.right.durationMs, formatDuration) : r.left ? "only in A" : "only in B" }),
    ),
  );
  return h(
    "table",
    { class: "compare-tree", attrs: { id: "compare-tree" } },
    h("thead", {}, h("tr", {}, h("th", { text: "Span" }), h("th", { text: "A" }), h("th", { text: "B" }), h("th", { text: "Latency B − A" }))),
    h("tbody", {}, ...rows),
  );
}

const pretty = (v: unknown) => (v === null || v === undefined ? "" : typeof v === "string" ? v : JSON.stringify(v, null, 2));

function diffBlock(title: string, a: unknown, b: unknown): HTMLElement {
  const { lines, truncated } = diffLines(pretty(a), pretty(b), MAX_DIFF_LINES);
  const same = lines.every((l) => l.mark === " ");
  return h(
    "section",
    { class: "compare-diff", attrs: { "data-diff": title.toLowerCase() } },
    h("h2", { class: "section-title", text: `Root ${title.toLowerCase()}${same ? " (identical)" : ""}` }),
    h("pre", { class: "diff" }, ...lines.map((l) => h("div", { class: `diff-line diff-${l.mark === "+" ? "add" : l.mark === "-" ? "del" : "same"}`, text: `${l.mark} ${l.text}` }))),
    truncated ? h("p", { class: "dim", text: `Only the first ${MAX_DIFF_LINES} lines of each side are compared.` }) : null,
  );
}

/** Two traces side by side: summary with differences, the span trees aligned, the root's inputs and outputs diffed. */
export function renderComparePage(root: HTMLElement, route: CompareRoute): Page {
  const ids = route.traceIds;
  replaceChildren(root, h("p", { class: "loading", text: "Loading traces…" }));
  let shown = "";

  async function load(): Promise<void> {
    if (ids.length !== 2) {
      replaceChildren(root, h("div", { class: "page-error", attrs: { role: "alert" } }, h("a", { class: "back", text: "← Traces", attrs: { href: "#/" } }), h("p", { text: "Compare takes two trace IDs: tick two traces in the list, or open #/compare?ids=<trace A>,<trace B>." })));
      return;
    }
    try {
      const [a, b] = await Promise.all(ids.map((id) => getJson<Detail>(`/api/traces/${encodeURIComponent(id)}`)));
      const signature = JSON.stringify([a, b]);
      if (signature === shown) return;
      shown = signature;
      const ra = rootOf(a);
      const rb = rootOf(b);
      replaceChildren(
        root,
        h(
          "section",
          { class: "compare-page" },
          h("a", { class: "back", text: "← Traces", attrs: { href: "#/" } }),
          h("h1", { class: "page-title", text: "Compare traces" }),
          summaryTable(a, b),
          h("h2", { class: "section-title", text: "Span tree" }),
          treeTable(a, b),
          diffBlock("Inputs", ra?.inputs, rb?.inputs),
          diffBlock("Outputs", ra?.outputs, rb?.outputs),
        ),
      );
    } catch (err) {
      shown = "";
      replaceChildren(root, h("div", { class: "page-error", attrs: { role: "alert" } }, h("a", { class: "back", text: "← Traces", attrs: { href: "#/" } }), h("p", { text: err instanceof Error ? err.message : String(err) })));
    }
  }
  void load();
  return { refresh: load };
}
