import type { AssessmentJSON } from "@traceloom/core";
import { sendJson } from "./api-client.js";
import { h, replaceChildren } from "./dom.js";

/** The name the viewer gives a reviewer's thumbs up/down (as the server does). */
const USER_FEEDBACK = "user_feedback";

/** Where feedback goes and who gives it. */
export interface FeedbackTarget {
  traceId: string;
  /** The span it is about; the whole trace when undefined. */
  spanId?: string;
  /** The assessments already on the trace. */
  assessments: AssessmentJSON[];
  /** The reviewer's source ID (from `/api/info`). */
  reviewer: string;
  /** Called after a successful write (the page reloads the trace). */
  onChange(): void;
}

/** The reviewer's own thumbs on this target, if given before (then the form edits it). */
function ownFeedback(t: FeedbackTarget): AssessmentJSON | undefined {
  return t.assessments.find(
    (a) => a.assessment_name === USER_FEEDBACK && a.feedback && a.source.source_type === "HUMAN" && a.source.source_id === t.reviewer && (a.span_id ?? undefined) === t.spanId,
  );
}

/**
 * Thumbs up / thumbs down with an optional comment, saved as a HUMAN `user_feedback` (true / false, the comment as
 * its rationale). A reviewer who already gave one edits it.
 */
export function feedbackForm(t: FeedbackTarget): HTMLElement {
  const own = ownFeedback(t);
  let choice: boolean | undefined = typeof own?.feedback?.value === "boolean" ? own.feedback.value : undefined;
  const status = h("span", { class: "feedback-status dim", attrs: { role: "status" } });
  const comment = h("textarea", { class: "feedback-comment", attrs: { rows: "2", placeholder: "Comment (optional)", "aria-label": "Comment" } });
  comment.value = own?.rationale ?? "";
  const save = h("button", { class: "primary feedback-save", text: own ? "Update feedback" : "Save feedback" });
  const thumb = (value: boolean, label: string, glyph: string) =>
    h("button", {
      class: `thumb ${value ? "thumb-up" : "thumb-down"}`,
      text: glyph,
      title: label,
      attrs: { "aria-label": label, "aria-pressed": String(choice === value), type: "button" },
      on: {
        click: () => {
          choice = value;
          for (const b of [up, down]) b.setAttribute("aria-pressed", String(b === (value ? up : down)));
          save.disabled = false;
        },
      },
    });
  const up = thumb(true, "Thumbs up", "👍 Good");
  const down = thumb(false, "Thumbs down", "👎 Bad");
  save.disabled = choice === undefined;
  save.addEventListener("click", () => {
    if (choice === undefined) return;
    save.disabled = true;
    replaceChildren(status, "Saving…");
    const base = `/api/traces/${encodeURIComponent(t.traceId)}/assessments`;
    const write = own
      ? sendJson("PATCH", `${base}/${encodeURIComponent(own.assessment_id)}`, { value: choice, rationale: comment.value })
      : sendJson("POST", base, { value: choice, rationale: comment.value, ...(t.spanId ? { spanId: t.spanId } : {}) });
    write.then(
      () => t.onChange(),
      (err: Error) => {
        save.disabled = false;
        replaceChildren(status, `Not saved: ${err.message}`);
      },
    );
  });
  return h("div", { class: "feedback-form", attrs: { "data-target": t.spanId ?? "trace" } }, h("div", { class: "feedback-row" }, up, down, comment, save), status);
}
