import type { SpanView } from "../../server/api-types.js";
import { statusBadge, typeBadge } from "./badges.js";
import { chatMessages, chatView } from "./chat-view.js";
import { documentsView, retrievedDocuments } from "./documents-view.js";
import { h, type Child } from "./dom.js";
import { describeTokens, formatCost, formatDuration } from "./format.js";
import { jsonView } from "./json-view.js";

function section(title: string, id: string, ...body: Child[]): HTMLElement {
  return h("section", { class: "detail-section", attrs: { "data-section": id } }, h("h3", { text: title }), ...body);
}

function facts(span: SpanView): HTMLElement {
  const rows: [string, string][] = [
    ["Duration", formatDuration(span.durationMs)],
    ["Starts at", `+${formatDuration(span.startOffsetMs)}`],
  ];
  if (span.model) rows.push(["Model", span.model]);
  if (span.tokenUsage) rows.push(["Tokens", describeTokens(span.tokenUsage)]);
  if (span.tokenUsage) rows.push(["Est. cost", span.costUsd === null ? "unknown model price" : formatCost(span.costUsd)]);
  rows.push(["Span ID", span.spanId]);
  return h("dl", { class: "facts" }, ...rows.flatMap(([k, v]) => [h("dt", { text: k }), h("dd", { text: v })]));
}

function attributesTable(attributes: Record<string, unknown>): HTMLElement {
  const keys = Object.keys(attributes).sort();
  return h(
    "table",
    { class: "attrs" },
    h(
      "tbody",
      {},
      ...keys.map((k) => {
        const v = attributes[k];
        return h("tr", {}, h("th", { text: k }), h("td", {}, v !== null && typeof v === "object" ? jsonView(v, 1) : h("span", { class: "attr-value", text: typeof v === "string" ? v : JSON.stringify(v) })));
      }),
    ),
  );
}

function eventsList(span: SpanView): HTMLElement {
  return h(
    "ul",
    { class: "events" },
    ...span.events.map((e) => {
      const isException = e.name === "exception";
      const { ["exception.stacktrace"]: stack, ...rest } = e.attributes as Record<string, unknown>;
      return h(
        "li",
        { class: isException ? "event event-exception" : "event" },
        h("div", { class: "event-head" }, h("strong", { text: e.name }), h("span", { class: "dim", text: ` at +${formatDuration(e.offsetMs)}` })),
        Object.keys(rest).length > 0 ? attributesTable(rest) : null,
        typeof stack === "string" && stack ? h("pre", { class: "stack", text: stack }) : null,
      );
    }),
  );
}

/**
 * The detail pane of one span: facts, error, its assessments (`assessments`, when given), chat, retrieved documents,
 * inputs, outputs, attributes and events.
 */
export function spanDetail(span: SpanView, assessments?: HTMLElement): HTMLElement {
  const failed = span.status.code === "STATUS_CODE_ERROR";
  const messages = chatMessages(span);
  const documents = retrievedDocuments(span.outputs);
  return h(
    "article",
    { class: "detail", attrs: { "data-span-id": span.spanId } },
    h("header", { class: "detail-head" }, h("h2", { text: span.name }), typeBadge(span.spanType), statusBadge(span.status.code)),
    failed ? h("div", { class: "error-box", attrs: { role: "alert" } }, h("strong", { text: "Error: " }), span.status.message || "the span failed") : null,
    facts(span),
    assessments,
    messages.length > 0 ? section("Chat", "chat", chatView(messages)) : null,
    documents ? section(`Retrieved documents (${documents.length})`, "documents", documentsView(documents)) : null,
    section("Inputs", "inputs", span.inputs === null ? h("p", { class: "dim", text: "No inputs recorded." }) : jsonView(span.inputs)),
    section("Outputs", "outputs", span.outputs === null ? h("p", { class: "dim", text: failed ? "No outputs: the span failed." : "No outputs recorded." }) : jsonView(span.outputs)),
    Object.keys(span.attributes).length > 0 ? section("Attributes", "attributes", attributesTable(span.attributes)) : null,
    span.events.length > 0 ? section("Events", "events", eventsList(span)) : null,
  );
}
