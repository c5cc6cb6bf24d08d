import { ApiError } from "./api-client.js";

/**
 * Shows why a query failed under its filter box: for a filter syntax error its first line, with the offending
 * character selected in the box; otherwise the whole message.
 */
export function showFilterError(target: HTMLElement, filterInput: HTMLInputElement, err: unknown): void {
  if (err instanceof ApiError && err.position !== undefined) {
    target.textContent = err.message.split("\n")[0];
    filterInput.focus();
    filterInput.setSelectionRange(err.position, Math.min(err.position + 1, filterInput.value.length));
  } else {
    target.textContent = err instanceof Error ? err.message : String(err);
  }
}
