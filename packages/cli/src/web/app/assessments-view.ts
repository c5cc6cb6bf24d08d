import type { AssessmentJSON } from "@traceloom/core";
import { sendJson } from "./api-client.js";
import { h, replaceChildren } from "./dom.js";
import { feedbackForm, type FeedbackTarget } from "./feedback-form.js";
import { formatTime } from "./format.js";

/** A feedback or expectation value for display; an expectation's list or map is decoded from its JSON form. */
function valueOf(a: AssessmentJSON): unknown {
  if (a.feedback) return a.feedback.value;
  const serialized = a.expectation?.serialized_value;
  if (!serialized) return a.expectation?.value;
  try {
    return JSON.parse(serialized.value) as unknown;
  } catch {
    return serialized.value;
  }
}

function shownValue(a: AssessmentJSON): string {
  if (a.feedback?.error) return `error: ${a.feedback.error.error_message ?? a.feedback.error.error_code ?? "unknown"}`;
  const v = valueOf(a);
  if (a.assessment_name === "user_feedback" && typeof v === "boolean") return v ? "👍 thumbs up" : "👎 thumbs down";
  return typeof v === "string" ? v : JSON.stringify(v);
}

/** Reads an edited value: JSON when it parses (true, 3, ["a"]), else the text as a string. */
function parsedValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** An inline editor of one assessment's value (and a feedback's comment). */
function editor(traceId: string, a: AssessmentJSON, item: HTMLElement, onChange: () => void): HTMLElement {
  const current = valueOf(a);
  const value = h("input", { class: "assessment-value-input", attrs: { "aria-label": "Value", value: typeof current === "string" ? current : JSON.stringify(current) } });
  const rationale = a.feedback ? h("textarea", { class: "assessment-rationale-input", attrs: { rows: "2", "aria-label": "Comment" } }) : null;
  if (rationale) rationale.value = a.rationale ?? "";
  const status = h("span", { class: "dim", attrs: { role: "status" } });
  const save = h("button", { class: "primary", text: "Save" });
  save.addEventListener("click", () => {
    save.disabled = true;
    const body = rationale ? { value: parsedValue(value.value), rationale: rationale.value } : { value: parsedValue(value.value) };
    sendJson("PATCH", `/api/traces/${encodeURIComponent(traceId)}/assessments/${encodeURIComponent(a.assessment_id)}`, body).then(onChange, (err: Error) => {
      save.disabled = false;
      replaceChildren(status, `Not saved: ${err.message}`);
    });
  });
  const cancel = h("button", { class: "link", text: "Cancel", on: { click: () => item.replaceWith(assessmentItem(traceId, a, onChange)) } });
  return h("div", { class: "assessment-editor" }, value, rationale, save, cancel, status);
}

/** One assessment: kind, name, value, source, time, comment; edit and delete. */
function assessmentItem(traceId: string, a: AssessmentJSON, onChange: () => void): HTMLElement {
  const item = h("li", { class: `assessment${a.valid === false ? " assessment-overridden" : ""}`, attrs: { "data-assessment-id": a.assessment_id, "data-name": a.assessment_name } });
  const edit = h("button", { class: "link assessment-edit", text: "Edit", on: { click: () => replaceChildren(item, editor(traceId, a, item, onChange)) } });
  const del = h("button", {
    class: "link assessment-delete",
    text: "Delete",
    on: {
      click: () => {
        del.disabled = true;
        sendJson("DELETE", `/api/traces/${encodeURIComponent(traceId)}/assessments/${encodeURIComponent(a.assessment_id)}`).then(onChange, () => (del.disabled = false));
      },
    },
  });
  replaceChildren(
    item,
    h(
      "div",
      { class: "assessment-head" },
      h("span", { class: `assessment-kind kind-${a.feedback ? "feedback" : "expectation"}`, text: a.feedback ? "feedback" : "expectation" }),
      h("strong", { class: "assessment-name", text: a.assessment_name }),
      h("span", { class: "assessment-value", text: shownValue(a) }),
      edit,
      del,
    ),
    h("div", { class: "assessment-meta dim", text: `${a.source.source_type} · ${a.source.source_id} · ${formatTime(a.last_update_time)}${a.valid === false ? " · overridden" : ""}` }),
    a.rationale ? h("p", { class: "assessment-rationale", text: a.rationale }) : null,
  );
  return item;
}

/**
 * The assessments of a trace (`spanId` undefined: all of them) or of one span, with the reviewer's thumbs form on
 * top. Everything shown is text, never markup.
 */
export function assessmentsView(t: FeedbackTarget): HTMLElement {
  const shown = t.spanId === undefined ? t.assessments : t.assessments.filter((a) => a.span_id === t.spanId);
  return h(
    "section",
    { class: "detail-section assessments", attrs: { "data-section": "assessments" } },
    h("h3", { text: `Assessments (${shown.length})` }),
    feedbackForm(t),
    shown.length > 0 ? h("ul", { class: "assessment-list" }, ...shown.map((a) => assessmentItem(t.traceId, a, t.onChange))) : null,
  );
}
