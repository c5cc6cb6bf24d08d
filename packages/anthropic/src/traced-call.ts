import {
  endSpanWhenSettled,
  isApiPromise,
  observeApiPromise,
  SpanAttributeKey,
  startSpan,
  whileCallingSdk,
  withActiveLeafSpan,
  type LiveSpan,
  type TracedInvoker,
} from "@traceloom/core";
import { warnOnce } from "./log.js";
import { RequestRecording } from "./request-recording.js";
import type { TracedMethod } from "./targets.js";

type AnyFn = (...args: unknown[]) => unknown;

/** Starts the span of one SDK call (a child of the active span, or a new trace); never throws. */
function startCallSpan(method: TracedMethod): LiveSpan | undefined {
  try {
    const attributes = method.kind === "message" ? { [SpanAttributeKey.MESSAGE_FORMAT]: "anthropic" } : {};
    return startSpan({ name: method.spanName, spanType: method.spanType, attributes });
  } catch (err) {
    warnOnce("anthropic.startSpan", "could not start the span of an Anthropic call; the call goes on untraced", err);
    return undefined;
  }
}

/**
 * Runs one SDK method call inside its span. The caller gets exactly what the SDK returned (the same `APIPromise`,
 * resolving to the same object or the same `Stream`) and exactly what it threw; the caller's arguments are never
 * read by tracing: the span records the body the SDK serialized.
 */
function tracedCall(method: TracedMethod, original: AnyFn, self: unknown, args: unknown[]): unknown {
  const span = startCallSpan(method);
  if (!span) return original.apply(self, args);
  const recording = new RequestRecording(span, method.kind);
  let result: unknown;
  try {
    result = whileCallingSdk(
      (body) => recording.sent(body),
      () => withActiveLeafSpan(span, () => original.apply(self, args)),
    );
  } catch (err) {
    span.recordException(err);
    span.end();
    throw err;
  }
  try {
    if (!span.isRecording) {
      span.end();
      return result;
    }
    return isApiPromise(result) ? observeApiPromise(result, recording) : endSpanWhenSettled(span, result, { recordOutputs: false });
  } catch (err) {
    warnOnce("anthropic.observe", "could not observe the result of an Anthropic call; it is returned untraced", err);
    span.end();
    return result;
  }
}

/** The traced invocation of `method`, for core's method wrappers. */
export function invokerFor(method: TracedMethod): TracedInvoker {
  return (original, self, args) => tracedCall(method, original, self, args);
}
