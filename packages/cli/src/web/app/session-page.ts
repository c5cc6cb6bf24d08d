import { sessionFilter } from "../../filter-text.js";
import type { TraceSummary, TracesResponse } from "../../server/api-types.js";
import { previewText } from "../../preview-text.js";
import { statusBadge } from "./badges.js";
import { h, replaceChildren } from "./dom.js";
import { formatCost, formatDuration, formatTime, formatTokens } from "./format.js";
import { markdownView } from "./markdown.js";
import { jsonPage, type Page } from "./page.js";
import { listHash, sessionsHash, traceHash, type SessionRoute } from "./router.js";

/** Most turns shown (one API page). */
const MAX_TURNS = 500;

function turn(t: TraceSummary, index: number): HTMLElement {
  const request = previewText(t.requestPreview);
  const response = previewText(t.responsePreview);
  return h(
    "article",
    { class: `turn${t.state === "ERROR" ? " turn-error" : ""}`, attrs: { "data-trace-id": t.traceId } },
    h(
      "header",
      { class: "turn-head" },
      h("strong", { text: `Turn ${index + 1}` }),
      h("span", { class: "dim", text: formatTime(t.requestTime) }),
      statusBadge(t.state),
      h("span", { class: "dim", text: `${formatDuration(t.executionTimeMs)} · ${formatTokens(t.tokens)} tokens${t.cost ? ` · ${formatCost(t.cost.usd)}` : ""}` }),
      h("a", { class: "turn-trace", text: `${t.name} →`, attrs: { href: traceHash(t.traceId) } }),
    ),
    h("div", { class: "chat" }, h("div", { class: "msg msg-user" }, h("div", { class: "msg-role", text: "request" }), markdownView(request || "(no request recorded)", "msg-text")),
      h("div", { class: "msg msg-assistant" }, h("div", { class: "msg-role", text: "response" }), markdownView(response || (t.state === "ERROR" ? "(failed)" : "(no response recorded)"), "msg-text")),
    ),
  );
}

/** One conversation: its traces as turns, oldest first — request and response of each, with status and cost. */
export function renderSessionPage(root: HTMLElement, route: SessionRoute): Page {
  const filter = sessionFilter(route.sessionId);
  replaceChildren(root, h("p", { class: "loading", text: "Loading session…" }));

  function draw(data: TracesResponse): void {
    const turns = data.traces;
    const tokens = turns.reduce((n, t) => n + (t.tokens?.total_tokens ?? 0), 0);
    const cost = turns.reduce((n, t) => n + (t.cost?.usd ?? 0), 0);
    replaceChildren(
      root,
      h(
        "section",
        { class: "session-page" },
        h("a", { class: "back", text: "← Sessions", attrs: { href: sessionsHash() } }),
        h("h1", { class: "page-title" }, h("span", { class: "dim", text: "Session " }), route.sessionId),
        h(
          "p",
          { class: "session-stats" },
          `${turns.length} turn${turns.length === 1 ? "" : "s"} · ${tokens.toLocaleString("en-US")} tokens · ${formatCost(cost)} · `,
          h("a", { text: "as a trace list", attrs: { href: listHash({ experiment: "", filter, orderBy: "timestamp_ms ASC" }) } }),
        ),
        turns.length === 0 ? h("p", { class: "empty", text: "No traces in this session." }) : h("div", { class: "turns" }, ...turns.map(turn)),
        data.nextPageToken ? h("p", { class: "dim", text: `Only the first ${MAX_TURNS} turns are shown.` }) : null,
      ),
    );
  }

  const qs = new URLSearchParams({ filter, orderBy: "timestamp_ms ASC", maxResults: String(MAX_TURNS) });
  return jsonPage<TracesResponse>(root, { url: `/api/traces?${qs}`, draw, back: { text: "← Sessions", href: sessionsHash() } });
}
