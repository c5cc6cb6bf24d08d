import type { TraceSummary } from "../../server/api-types.js";
import { h } from "./dom.js";
import { compareHash } from "./run-routes.js";

/** Traces ticked for comparison, kept across re-renders and pages of the list (most recent two count). */
const picked: string[] = [];

/**
 * The list page's compare picker: a checkbox per row and a "Compare" button that opens the two ticked traces side
 * by side. Ticking a third drops the oldest pick.
 */
export class CompareSelection {
  readonly button = h("button", { class: "compare-button", attrs: { type: "button", id: "compare", disabled: "" }, on: { click: () => this.open() } });
  private readonly boxes = new Map<string, HTMLInputElement>();

  constructor() {
    this.update();
  }

  /** The checkbox cell of a row. */
  cell(t: TraceSummary): HTMLElement {
    const box = h("input", { class: "compare-pick", attrs: { type: "checkbox", "aria-label": `Select ${t.name} ${t.traceId} to compare` } });
    box.checked = picked.includes(t.traceId);
    box.addEventListener("change", () => {
      const at = picked.indexOf(t.traceId);
      if (box.checked && at < 0) picked.push(t.traceId);
      if (!box.checked && at >= 0) picked.splice(at, 1);
      while (picked.length > 2) picked.shift();
      this.update();
    });
    this.boxes.set(t.traceId, box);
    return box;
  }

  private update(): void {
    for (const [id, box] of this.boxes) box.checked = picked.includes(id);
    this.button.textContent = `Compare (${picked.length}/2)`;
    if (picked.length === 2) this.button.removeAttribute("disabled");
    else this.button.setAttribute("disabled", "");
  }

  private open(): void {
    if (picked.length === 2) location.hash = compareHash([...picked]);
  }
}
