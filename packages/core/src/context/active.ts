import { getState } from "../state.js";
import type { LiveSpan } from "../tracer/live-span.js";
import { runInOtelContext } from "./otel-bridge.js";

/** The span active in the current async context, if any. */
export function activeSpan(): LiveSpan | undefined {
  return getState().als.getStore() as LiveSpan | undefined;
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
