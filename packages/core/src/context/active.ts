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
