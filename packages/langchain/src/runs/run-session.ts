import { updateTraceOf, type LiveSpan } from "@traceloom/core";

/**
 * Run-metadata keys that name a conversation, first match wins: LangGraph copies `configurable.thread_id` into every
 * run's metadata; `session_id` / `conversation_id` are what users pass in `metadata` themselves.
 */
const SESSION_KEYS = ["thread_id", "session_id", "conversation_id"] as const;

/** The conversation a run belongs to, from its metadata, if it names one. */
export function sessionOf(metadata: unknown): string | undefined {
  if (typeof metadata !== "object" || metadata === null) return undefined;
  for (const key of SESSION_KEYS) {
    const value = (metadata as Record<string, unknown>)[key];
    if ((typeof value === "string" && value !== "") || typeof value === "number") return String(value);
  }
  return undefined;
}

/**
 * Makes the run's conversation the session of the trace its span belongs to (`mlflow.trace.session`, as MLflow
 * records LangGraph threads), unless the trace already has one — from the user or an earlier run.
 */
export function linkRunSession(span: LiveSpan, metadata: unknown): void {
  const session = sessionOf(metadata);
  if (session !== undefined) updateTraceOf(span, { session }, { keepExisting: true });
}
