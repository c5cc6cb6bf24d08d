import { SpanAttributeKey, startSpan, withActiveLeafSpan, type LiveSpan } from "@traceloom/core";
import { CallRecording } from "./call-recording.js";
import { warnOnce } from "./log.js";
import { whileCalling } from "./sent-request.js";
import { MESSAGE_FORMAT, type TracedMethod } from "./targets.js";

type AnyFn = (...args: unknown[]) => unknown;

/** Starts the span of one SDK request: a child of the active span, or a new trace. Never throws. */
function startCallSpan(method: TracedMethod): LiveSpan | undefined {
  try {
    return startSpan({ name: method.spanName, spanType: method.spanType, attributes: { [SpanAttributeKey.MESSAGE_FORMAT]: MESSAGE_FORMAT } });
  } catch (err) {
    warnOnce("google-genai.startSpan", "could not start the span of a Gemini call; the call goes on untraced", err);
    return undefined;
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === "object" && value !== null && typeof (value as PromiseLike<unknown>).then === "function";
}

function guarded(fn: (value: unknown) => void): (value: unknown) => void {
  return (value) => {
    try {
      fn(value);
    } catch (err) {
      warnOnce("google-genai.observe", "could not record the outcome of a Gemini call", err);
    }
  };
}

/**
 * Runs one SDK request inside its span. The caller gets exactly what the SDK returned (the same promise, resolving
 * to the same response or async generator) and exactly what it threw; the caller's arguments are never read by
 * tracing.
 */
export function tracedCall(method: TracedMethod, original: AnyFn, self: unknown, args: unknown[]): unknown {
  const span = startCallSpan(method);
  if (!span) return original.apply(self, args);
  const recording = new CallRecording(span, method.kind);
  let result: unknown;
  try {
    // A request starts no traced work of its own: active only where that is free (see withActiveLeafSpan).
    result = whileCalling(
      (request) => recording.sent(request),
      () => withActiveLeafSpan(span, () => original.apply(self, args)),
    );
  } catch (err) {
    span.recordException(err);
    span.end();
    throw err;
  }
  try {
    if (!span.isRecording) span.end();
    else if (isThenable(result)) result.then(guarded((v) => recording.resolved(v)), guarded((e) => recording.failed(e)));
    else recording.resolved(result);
  } catch (err) {
    warnOnce("google-genai.observe", "could not observe a Gemini call; it is returned untraced", err);
    span.end();
  }
  return result;
}
