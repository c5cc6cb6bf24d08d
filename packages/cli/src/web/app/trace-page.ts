import type { TraceDetailResponse } from "../../server/api-types.js";
import { getJson } from "./api-client.js";
import { statusBadge } from "./badges.js";
import { h, replaceChildren } from "./dom.js";
import { describeTokens, formatCost, formatDuration, formatTime } from "./format.js";
import type { Page } from "./page.js";
import { traceHash, type TraceRoute } from "./router.js";
import { spanDetail } from "./span-detail.js";
import { SpanTree } from "./span-tree.js";

function summaryBar(data: TraceDetailResponse, backHref: string): HTMLElement {
  const t = data.summary;
  const stat = (label: string, value: string) => h("div", { class: "stat" }, h("span", { class: "stat-label", text: label }), h("span", { class: "stat-value", text: value }));
  const cost = t.cost ? `${formatCost(t.cost.usd)}${t.cost.unpricedSpans > 0 ? ` (+${t.cost.unpricedSpans} unpriced)` : ""}` : "—";
  return h(
    "header",
    { class: "trace-head" },
    h("a", { class: "back", text: "← Traces", attrs: { href: backHref } }),
    h("div", { class: "trace-title" }, h("h1", { text: t.name }), statusBadge(t.state)),
    h(
      "div",
      { class: "stats" },
      stat("Trace ID", t.traceId),
      stat("Started", formatTime(t.requestTime)),
      stat("Latency", formatDuration(t.executionTimeMs)),
      stat("Spans", String(t.spanCount)),
      stat("Tokens", t.tokens ? describeTokens(t.tokens) : "—"),
      stat("Est. cost", cost),
      h("a", { class: "download", text: "Download MLflow JSON", attrs: { href: `/api/traces/${encodeURIComponent(t.traceId)}/export`, download: `${t.traceId}.json` } }),
    ),
  );
}

/** One trace: summary, span tree with timeline, and the selected span's detail; `backHref` returns to the list. */
export function renderTracePage(root: HTMLElement, route: TraceRoute, backHref: string): Page {
  let shown = "";
  let selected = route.spanId;
  replaceChildren(root, h("p", { class: "loading", text: "Loading trace…" }));

  function draw(data: TraceDetailResponse): void {
    const byId = new Map(data.spans.map((s) => [s.spanId, s]));
    const rootSpan = data.spans.find((s) => s.parentId === null || !byId.has(s.parentId));
    if (!byId.has(selected)) selected = rootSpan?.spanId ?? "";
    const detailPane = h("div", { class: "detail-pane", attrs: { id: "span-detail" } });
    const showDetail = () => {
      const span = byId.get(selected);
      replaceChildren(detailPane, span ? spanDetail(span) : h("p", { class: "dim", text: "This trace has no spans." }));
    };
    const tree = new SpanTree(data.spans, selected, (spanId) => {
      selected = spanId;
      tree.select(spanId);
      history.replaceState(null, "", traceHash(route.traceId, spanId));
      showDetail();
    });
    showDetail();
    replaceChildren(root, h("section", { class: "trace-page" }, summaryBar(data, backHref), h("div", { class: "trace-body" }, h("div", { class: "tree-pane" }, tree.element), detailPane)));
  }

  async function load(): Promise<void> {
    try {
      const data = await getJson<TraceDetailResponse>(`/api/traces/${encodeURIComponent(route.traceId)}`);
      const signature = JSON.stringify(data);
      if (signature === shown) return;
      shown = signature;
      draw(data);
    } catch (err) {
      shown = "";
      replaceChildren(root, h("div", { class: "page-error", attrs: { role: "alert" } }, h("a", { class: "back", text: "← Traces", attrs: { href: backHref } }), h("p", { text: err instanceof Error ? err.message : String(err) })));
    }
  }

  void load();
  return { refresh: load };
}
