import { getState } from "../state.js";
import type { LiveSpan } from "../tracer/live-span.js";
import { runInOtelContext } from "./otel-bridge.js";

/** A framework's view of which traceloom span is current in its own context (see {@link registerActiveSpanSource}). */
export type ActiveSpanSource = () => LiveSpan | undefined;

/**
 * The span active in the current async context, if any: traceloom's own, unless a registered source names a live
 * span that started after it — a framework span entered inside it (an agent SDK's model call inside the user's
 * `trace()`), not one of its ancestors (a tool span around the user's `withSpan()`).
 */
export function activeSpan(): LiveSpan | undefined {
  const state = getState();
  const own = state.als.getStore() as LiveSpan | undefined;
  const sources = state.spanSources;
  if (!sources || sources.length === 0) return own;
  let best = own;
  for (const source of sources) {
    let candidate: LiveSpan | undefined;
    try {
      candidate = source() as LiveSpan | undefined;
    } catch {
      continue;
    }
    if (candidate && !candidate.ended && (!best || candidate.startTimeNs > best.startTimeNs)) best = candidate;
  }
  return best;
}

/**
 * Lets a framework that keeps its own current-span context (e.g. the OpenAI Agents SDK, whose spans traceloom
 * mirrors) tell traceloom which mirrored span is current, so spans started inside that framework's work — an
 * autologged OpenAI request, the user's `withSpan()` in a tool — nest under it. Returns the function that removes
 * the source. For plugins; applications do not need it.
 */
export function registerActiveSpanSource(source: ActiveSpanSource): () => void {
  const state = getState();
  const sources = (state.spanSources ??= []);
  sources.push(source);
  return () => {
    const at = sources.indexOf(source);
    if (at >= 0) sources.splice(at, 1);
  };
}

/**
 * Runs `fn` with `span` active — for traceloom (AsyncLocalStorage) and for OpenTelemetry, so OTel spans started
 * inside nest under it.
 */
export function runWithActiveSpan<T>(span: LiveSpan, fn: () => T): T {
  return getState().als.run(span, () => runInOtelContext(span, fn));
}

/**
 * Runs `fn` — a leaf call that starts no traced work of its own, such as one SDK request — with `span` active where
 * that costs nothing extra: in traceloom's async context when a span is already active there (the context is in use
 * anyway), and in OpenTelemetry's whenever an OTel SDK is registered (so its HTTP spans nest under `span`). A leaf
 * with no active parent is not made active in traceloom's context, so autolog alone never turns AsyncLocalStorage
 * on: on Node before 24 that installs promise hooks which slow every promise of the process.
 */
export function runLeafWithActiveSpan<T>(span: LiveSpan, fn: () => T): T {
  return activeSpan() === undefined ? runInOtelContext(span, fn) : runWithActiveSpan(span, fn);
}
