import { sendJson } from "./api-client.js";
import { h, replaceChildren } from "./dom.js";

/** Tag keys kept by MLflow and traceloom: shown, never offered for editing (the server refuses them too). */
const RESERVED = /^(mlflow|traceloom)\./i;

/** What the tag editor edits. */
export interface TagTarget {
  traceId: string;
  tags: Record<string, string>;
  /** Called after a successful write (the page reloads the trace). */
  onChange(): void;
}

/**
 * The trace's tags, editable: add a tag (or give an existing key a new value), change a value in place, remove a
 * tag. Writes go through the viewer's guarded write path; what the server refuses (a reserved `mlflow.*` key, an
 * empty key) is shown with its reason.
 */
export function tagEditor(t: TagTarget): HTMLElement {
  const status = h("p", { class: "tag-status dim", attrs: { role: "alert", id: "tag-status" } });
  const base = `/api/traces/${encodeURIComponent(t.traceId)}/tags`;
  const write = (pending: Promise<unknown>) => {
    replaceChildren(status, "Saving…");
    pending.then(
      () => t.onChange(),
      (err: Error) => replaceChildren(status, `Not saved: ${err.message}`),
    );
  };
  const setTag = (key: string, value: string) => write(sendJson("POST", base, { key, value }));
  const removeTag = (key: string) => write(sendJson("DELETE", `${base}/${encodeURIComponent(key)}`));

  const row = (key: string, value: string): HTMLElement => {
    const cell = h("td", { class: "tag-value", text: value });
    if (RESERVED.test(key)) return h("tr", { attrs: { "data-tag": key } }, h("th", { text: key }), cell, h("td", { class: "dim tag-reserved", text: "reserved" }));
    const edit = () => {
      const input = h("input", { class: "tag-value-input", attrs: { type: "text", "aria-label": `Value of ${key}` } });
      input.value = value;
      const save = h("button", { class: "primary tag-save", text: "Save", attrs: { type: "button" }, on: { click: () => setTag(key, input.value) } });
      const cancel = h("button", { class: "link", text: "Cancel", attrs: { type: "button" }, on: { click: () => replaceChildren(cell, value) } });
      input.addEventListener("keydown", (e) => {
        if (e.key === "Enter") setTag(key, input.value);
      });
      replaceChildren(cell, input, save, cancel);
      input.focus();
    };
    return h(
      "tr",
      { attrs: { "data-tag": key } },
      h("th", { text: key }),
      cell,
      h(
        "td",
        { class: "tag-actions" },
        h("button", { class: "link tag-edit", text: "Edit", attrs: { type: "button", "aria-label": `Edit tag ${key}` }, on: { click: edit } }),
        h("button", { class: "link tag-remove", text: "Remove", attrs: { type: "button", "aria-label": `Remove tag ${key}` }, on: { click: () => removeTag(key) } }),
      ),
    );
  };

  const keyInput = h("input", { class: "tag-key-input", attrs: { type: "text", placeholder: "key", "aria-label": "New tag key", id: "new-tag-key" } });
  const valueInput = h("input", { class: "tag-value-input", attrs: { type: "text", placeholder: "value", "aria-label": "New tag value", id: "new-tag-value" } });
  const form = h(
    "form",
    {
      class: "tag-add",
      on: {
        submit: (e) => {
          e.preventDefault();
          setTag(keyInput.value.trim(), valueInput.value);
        },
      },
    },
    keyInput,
    valueInput,
    h("button", { class: "primary", text: "Add tag", attrs: { type: "submit", id: "add-tag" } }),
  );
  const keys = Object.keys(t.tags).sort();
  return h(
    "section",
    { class: "tag-editor", attrs: { id: "tags", "aria-label": "Tags" } },
    h("h2", { class: "section-title", text: `Tags (${keys.length})` }),
    h("table", { class: "attrs tags-table" }, h("tbody", {}, ...keys.map((k) => row(k, t.tags[k])))),
    form,
    status,
  );
}
