import type { SessionsResponse } from "../../server/api-types.js";
import { h, replaceChildren } from "./dom.js";
import { formatTime } from "./format.js";
import { jsonPage, type Page } from "./page.js";
import { sessionHash, type SessionsRoute } from "./router.js";

const iso = (ms: number) => new Date(ms).toISOString();

/** The conversations: one row per `mlflow.trace.session`, most recently active first. */
export function renderSessionsPage(root: HTMLElement, route: SessionsRoute): Page {
  replaceChildren(root, h("p", { class: "loading", text: "Loading sessions…" }));

  function draw(data: SessionsResponse): void {
    const body =
      data.sessions.length === 0
        ? h("p", { class: "empty", text: "No sessions yet. Traces join a session through updateCurrentTrace({ session }) or a LangGraph thread_id." })
        : h(
            "table",
            { class: "traces sessions", attrs: { id: "sessions" } },
            h("thead", {}, h("tr", {}, ...["Session", "User", "Turns", "Errors", "First turn", "Last turn", "Tokens"].map((l) => h("th", { text: l })))),
            h(
              "tbody",
              {},
              ...data.sessions.map((s) =>
                h(
                  "tr",
                  { class: s.errorCount > 0 ? "row-error" : "", attrs: { "data-session-id": s.sessionId } },
                  h("td", { class: "col-name" }, h("a", { class: "session-link", text: s.sessionId, attrs: { href: sessionHash(s.sessionId) } })),
                  h("td", { text: s.user ?? "—" }),
                  h("td", { class: "col-num", text: String(s.traceCount) }),
                  h("td", { class: "col-num", text: String(s.errorCount) }),
                  h("td", { class: "col-time", text: formatTime(iso(s.firstTimestampMs)) }),
                  h("td", { class: "col-time", text: formatTime(iso(s.lastTimestampMs)) }),
                  h("td", { class: "col-num", text: s.totalTokens.toLocaleString("en-US") }),
                ),
              ),
            ),
          );
    replaceChildren(root, h("section", { class: "list-page" }, h("h1", { class: "page-title", text: "Sessions" }), body));
  }

  const qs = route.experiment ? `?experiment=${encodeURIComponent(route.experiment)}` : "";
  return jsonPage<SessionsResponse>(root, { url: `/api/sessions${qs}`, draw });
}
