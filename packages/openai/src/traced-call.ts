import { endSpanWhenSettled, startSpan, withActiveLeafSpan, type LiveSpan } from "@traceloom/core";
import { isApiPromise, observeApiPromise } from "./api-promise.js";
import { warnOnce } from "./log.js";
import { requestAttributes } from "./request-attributes.js";
import { RequestRecording } from "./request-recording.js";
import type { TracedMethod } from "./targets.js";

type AnyFn = (...args: unknown[]) => unknown;

/** Starts the span of one SDK call: a child of the active span, or a new trace. Never throws. */
function startCallSpan(method: TracedMethod, body: unknown): LiveSpan | undefined {
  try {
    return startSpan({
      name: method.spanName,
      spanType: method.spanType,
      inputs: body,
      attributes: requestAttributes(method.kind, body),
    });
  } catch (err) {
    warnOnce("openai.startSpan", "could not start the span of an OpenAI call; the call goes on untraced", err);
    return undefined;
  }
}

/** Ends `span` with what the call returned, keeping that very object for the caller. */
function observeResult(method: TracedMethod, span: LiveSpan, result: unknown): unknown {
  if (!isApiPromise(result)) return endSpanWhenSettled(span, result, { recordOutputs: true });
  return observeApiPromise(result, new RequestRecording(span, method.kind));
}

/**
 * Runs one SDK method call inside its span. The caller gets exactly what the SDK returned (the same
 * `APIPromise`, resolving to the same object or the same `Stream`) and exactly what it threw.
 */
export function tracedCall(method: TracedMethod, original: AnyFn, self: unknown, args: unknown[]): unknown {
  const span = startCallSpan(method, args[0]);
  if (!span) return original.apply(self, args);
  let result: unknown;
  try {
    // An SDK request starts no traced work of its own: active only where that is free (see withActiveLeafSpan).
    result = withActiveLeafSpan(span, () => original.apply(self, args));
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
    return observeResult(method, span, result);
  } catch (err) {
    warnOnce("openai.observe", "could not observe the result of an OpenAI call; it is returned untraced", err);
    span.end();
    return result;
  }
}
