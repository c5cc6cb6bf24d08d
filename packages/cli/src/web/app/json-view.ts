import { h } from "./dom.js";

/** Deepest level drawn; anything below is shown as compact JSON text. */
const MAX_DEPTH = 40;
/** Most entries drawn per object or array; the rest are summarised. */
const MAX_ENTRIES = 500;

function scalar(value: unknown): HTMLElement {
  if (value === null || value === undefined) return h("span", { class: "j-null", text: "null" });
  if (typeof value === "string") return h("span", { class: "j-str", text: value });
  if (typeof value === "number" || typeof value === "bigint") return h("span", { class: "j-num", text: String(value) });
  if (typeof value === "boolean") return h("span", { class: "j-bool", text: String(value) });
  return h("span", { class: "j-str", text: JSON.stringify(value) ?? String(value) });
}

function entry(label: HTMLElement | null, value: unknown, depth: number, openDepth: number): HTMLElement {
  const isArray = Array.isArray(value);
  const entries = value !== null && typeof value === "object" ? (isArray ? (value as unknown[]).map((v, i) => [String(i), v] as const) : Object.entries(value as object)) : [];
  if (entries.length === 0 || depth >= MAX_DEPTH) {
    const shown = value !== null && typeof value === "object" ? h("span", { class: "j-null", text: JSON.stringify(value) }) : scalar(value);
    return h("div", { class: "j-row" }, label, shown);
  }
  const count = isArray ? `[ ${entries.length} item${entries.length === 1 ? "" : "s"} ]` : `{ ${entries.length} key${entries.length === 1 ? "" : "s"} }`;
  const rows = entries.slice(0, MAX_ENTRIES).map(([k, v]) => entry(h("span", { class: isArray ? "j-index" : "j-key", text: k }), v, depth + 1, openDepth));
  if (entries.length > MAX_ENTRIES) rows.push(h("div", { class: "j-more", text: `… ${entries.length - MAX_ENTRIES} more` }));
  const details = h("details", { class: "j-node" }, h("summary", { class: "j-summary" }, label, h("span", { class: "j-count", text: count })), h("div", { class: "j-children" }, ...rows));
  details.open = depth < openDepth;
  return details;
}

/**
 * A collapsible JSON tree. Every value is inserted as text, so strings containing HTML or script show literally;
 * long and multi-line strings wrap and keep their line breaks.
 */
export function jsonView(value: unknown, openDepth = 3): HTMLElement {
  const copy = h("button", {
    class: "copy",
    text: "Copy",
    title: "Copy as JSON",
    on: {
      click: () => {
        void navigator.clipboard?.writeText(JSON.stringify(value, null, 2)).then(() => {
          copy.textContent = "Copied";
        });
      },
    },
  });
  return h("div", { class: "json" }, copy, entry(null, value, 0, openDepth));
}
