import { h } from "./dom.js";

/** A coloured status label: OK, ERROR or IN_PROGRESS (a trace state or a span status code). */
export function statusBadge(status: string): HTMLElement {
  const name = status.replace(/^STATUS_CODE_/, "");
  const kind = name === "ERROR" ? "error" : name === "OK" ? "ok" : "pending";
  const label = name === "UNSET" || name === "IN_PROGRESS" ? "RUNNING" : name;
  return h("span", { class: `badge badge-${kind}`, text: label });
}

/** A span-type label (LLM, TOOL, RETRIEVER …), coloured by type. */
export function typeBadge(spanType: string): HTMLElement {
  return h("span", { class: `type type-${spanType.toLowerCase().replace(/[^a-z_]/g, "")}`, text: spanType });
}
