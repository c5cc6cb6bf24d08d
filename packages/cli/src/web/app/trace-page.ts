import type { TraceDetailResponse } from "../../server/api-types.js";
import { serverInfo } from "./api-client.js";
import { assessmentsView } from "./assessments-view.js";
import { statusBadge } from "./badges.js";
import { h, replaceChildren } from "./dom.js";
import { describeTokens, formatCost, formatDuration, formatTime } from "./format.js";
import { jsonPage, type Page } from "./page.js";
import { sessionHash, traceHash, type TraceRoute } from "./router.js";
import { spanDetail } from "./span-detail.js";
import { SpanTree } from "./span-tree.js";
import { runStat } from "./run-stat.js";
import { tagEditor } from "./tag-editor.js";

/** The trace's metadata (MLflow's and the user's), folded under the summary; tags are in the tag editor. */
function metadataTable(data: TraceDetailResponse): HTMLElement {
  const keys = Object.keys(data.metadata).sort();
  return h(
    "details",
    { class: "trace-meta" },
    h("summary", { text: `Metadata (${keys.length})` }),
    h("table", { class: "attrs", attrs: { "data-section": "metadata" } }, h("tbody", {}, ...keys.map((k) => h("tr", {}, h("th", { text: k }), h("td", { text: data.metadata[k] }))))),
  );
}

function summaryBar(data: TraceDetailResponse, backHref: string): HTMLElement {
  const t = data.summary;
  const stat = (label: string, value: string) => h("div", { class: "stat" }, h("span", { class: "stat-label", text: label }), h("span", { class: "stat-value", text: value }));
  const cost = t.cost ? `${formatCost(t.cost.usd)}${t.cost.unpricedSpans > 0 ? ` (+${t.cost.unpricedSpans} unpriced)` : ""}` : "—";
  const session = data.metadata["mlflow.trace.session"];
  const user = data.metadata["mlflow.trace.user"];
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
      session
        ? h("div", { class: "stat" }, h("span", { class: "stat-label", text: "Session" }), h("a", { class: "stat-value session-link", text: session, attrs: { href: sessionHash(session) } }))
        : null,
      user ? stat("User", user) : null,
      runStat(data.metadata),
      h("a", { class: "download", text: "Download MLflow JSON", attrs: { href: `/api/traces/${encodeURIComponent(t.traceId)}/export`, download: `${t.traceId}.json` } }),
    ),
    metadataTable(data),
  );
}

/**
 * One trace: summary, its assessments with the reviewer's thumbs, span tree with timeline, and the selected span's
 * detail (with that span's assessments); `backHref` returns to the list.
 */
export function renderTracePage(root: HTMLElement, route: TraceRoute, backHref: string): Page {
  let selected = route.spanId;
  replaceChildren(root, h("p", { class: "loading", text: "Loading trace…" }));
  const reload = () => void page.refresh();

  /** The assessments of the trace (or of one span), drawn once the reviewer's name is known. */
  function assessmentsOf(data: TraceDetailResponse, spanId?: string): HTMLElement {
    const slot = h("div", { class: "assessments-slot" });
    void serverInfo().then(
      (info) => replaceChildren(slot, assessmentsView({ traceId: route.traceId, spanId, assessments: data.assessments, reviewer: info.reviewer, onChange: reload })),
      (err: Error) => replaceChildren(slot, h("p", { class: "dim", text: `Assessments unavailable: ${err.message}` })),
    );
    return slot;
  }

  function draw(data: TraceDetailResponse): void {
    const byId = new Map(data.spans.map((s) => [s.spanId, s]));
    const rootSpan = data.spans.find((s) => s.parentId === null || !byId.has(s.parentId));
    if (!byId.has(selected)) selected = rootSpan?.spanId ?? "";
    const detailPane = h("div", { class: "detail-pane", attrs: { id: "span-detail" } });
    const showDetail = () => {
      const span = byId.get(selected);
      replaceChildren(detailPane, span ? spanDetail(span, assessmentsOf(data, span.spanId)) : h("p", { class: "dim", text: "This trace has no spans." }));
    };
    const tree = new SpanTree(data.spans, selected, (spanId) => {
      selected = spanId;
      tree.select(spanId);
      history.replaceState(null, "", traceHash(route.traceId, spanId));
      showDetail();
    });
    showDetail();
    replaceChildren(root, h("section", { class: "trace-page" }, summaryBar(data, backHref), tagEditor({ traceId: route.traceId, tags: data.summary.tags, onChange: reload }), assessmentsOf(data), h("div", { class: "trace-body" }, h("div", { class: "tree-pane" }, tree.element), detailPane)));
  }

  const page = jsonPage<TraceDetailResponse>(root, { url: `/api/traces/${encodeURIComponent(route.traceId)}`, draw, back: { text: "← Traces", href: backHref } });
  return page;
}
