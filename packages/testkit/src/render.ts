import type { IdSource } from "./ids.js";

/** One server-sent event: an optional `event:` name and a JSON payload (or the raw `[DONE]` sentinel). */
export interface SseEvent {
  event?: string;
  data: unknown;
}

/** What an endpoint renders: a JSON body or a list of SSE events. */
export type Rendered = { json: unknown } | { events: SseEvent[] };

/** Per-request facts an endpoint needs to render a reply. */
export interface RenderMeta {
  ids: IdSource;
  /** Unix seconds for `created` / `created_at`. */
  created: number;
  /** Fake input tokens counted from the request. */
  inputTokens: number;
}

/** The `[DONE]` sentinel that ends Chat and Completions streams. */
export const DONE: SseEvent = { data: "[DONE]" };

/** The fingerprint sent as `system_fingerprint`. */
export const SYSTEM_FINGERPRINT = "fp_traceloom";

/** Number of choices requested with `n` (1–16). */
export function choiceCount(n: unknown): number {
  return typeof n === "number" && Number.isInteger(n) && n > 1 ? Math.min(n, 16) : 1;
}
