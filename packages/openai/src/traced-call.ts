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

/**
 * Starts the span of one SDK call: a child of the active span, or a new trace. Never throws. Its inputs are not
 * the caller's arguments but the body the SDK sends, recorded when it is serialized (see sent-request.ts).
 */
function startCallSpan(method: TracedMethod): LiveSpan | undefined {
  try {
    return startSpan({ name: method.spanName, spanType: method.spanType, attributes: { [SpanAttributeKey.MESSAGE_FORMAT]: "openai" } });
  } catch (err) {
    warnOnce("openai.startSpan", "could not start the span of an OpenAI call; the call goes on untraced", err);
    return undefined;
  }
}

/** Ends `span` with what the call returned, keeping that very object for the caller. */
function observeResult(span: LiveSpan, recording: RequestRecording, result: unknown): unknown {
  if (!isApiPromise(result)) return endSpanWhenSettled(span, result, { recordOutputs: false });
  return observeApiPromise(result, recording);
}

/**
 * Runs one SDK method call inside its span. The caller gets exactly what the SDK returned (the same
 * `APIPromise`, resolving to the same object or the same `Stream`) and exactly what it threw; the caller's
 * arguments are never read by tracing.
 */
export function tracedCall(method: TracedMethod, original: AnyFn, self: unknown, args: unknown[]): unknown {
  const span = startCallSpan(method);
  if (!span) return original.apply(self, args);
  const recording = new RequestRecording(span, method.kind);
  let result: unknown;
  try {
    // An SDK request starts no traced work of its own: active only where that is free (see withActiveLeafSpan).
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
    return observeResult(span, recording, result);
  } catch (err) {
    warnOnce("openai.observe", "could not observe the result of an OpenAI call; it is returned untraced", err);
    span.end();
    return result;
  }
}

/** The traced invocation of `method`, for core's method wrappers. */
export function invokerFor(method: TracedMethod): TracedInvoker {
  return (original, self, args) => tracedCall(method, original, self, args);
}
