import { activeSpan } from "../context/active.js";
import { TraceMetadataKey } from "../entities/trace-info.js";
import { logOnce } from "../log.js";
import { getState } from "../state.js";
import type { LiveSpan } from "../tracer/live-span.js";
import { builderOf } from "../tracer/tracer.js";

/** The span active in the current async context (inside `trace`/`withSpan`), if any. */
export function getCurrentSpan(): LiveSpan | undefined {
  return activeSpan();
}

/** Changes to the trace being recorded, for {@link updateCurrentTrace}. */
export interface TraceUpdate {
  tags?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  requestPreview?: string;
  responsePreview?: string;
  /** Your own request ID, searchable as `client_request_id`. */
  clientRequestId?: string;
  /** Conversation/session ID (`mlflow.trace.session`). */
  session?: string;
  /** End-user ID (`mlflow.trace.user`). */
  user?: string;
}

/** Adds tags/metadata or overrides previews of the trace the active span belongs to. Outside a trace it warns once. */
export function updateCurrentTrace(update: TraceUpdate): void {
  const span = activeSpan();
  if (!span) {
    logOnce("updateCurrentTrace", "updateCurrentTrace() was called outside any trace; nothing was changed");
    return;
  }
  updateTraceOf(span, update);
}

/** Options of {@link updateTraceOf}. */
export interface TraceUpdateOptions {
  /** Leave tags and metadata (session and user included) that the trace already has as they are. */
  keepExisting?: boolean;
}

/**
 * {@link updateCurrentTrace} for the trace `span` belongs to — for integrations that hold a span rather than run
 * inside it. With `keepExisting`, a framework can fill in what it knows (a LangGraph `thread_id` as the session,
 * say) without overriding what the user set.
 */
export function updateTraceOf(span: LiveSpan, update: TraceUpdate, options: TraceUpdateOptions = {}): void {
  const metadata: Record<string, unknown> = { ...update.metadata };
  if (update.session !== undefined) metadata[TraceMetadataKey.SESSION] = update.session;
  if (update.user !== undefined) metadata[TraceMetadataKey.TRACE_USER] = update.user;
  builderOf(span).update({ ...update, metadata }, options.keepExisting === true);
}

/** The ID of the most recent trace finished in this process. */
export function getLastTraceId(): string | undefined {
  return getState().lastTraceId;
}
