import { settle } from "../api/settle.js";
import { runLeafWithActiveSpan } from "../context/active.js";
import type { LiveSpan } from "../tracer/live-span.js";
import { isApiPromise, observeApiPromise, type ApiPromiseObserver } from "./api-promise.js";
import { whileCalling } from "./sent-request.js";

/** What a plugin records of one SDK call: the body the SDK serialized, then the outcome of its `APIPromise`. */
export interface SdkCallRecording extends ApiPromiseObserver {
  /** The JSON text of the request body the SDK sent. */
  sent(body: string): void;
}

/** How one plugin traces a call of its SDK. */
export interface SdkCallTracing {
  /** Starts the call's span (a child of the active span, or a new trace); undefined, once logged, when it cannot. */
  startSpan(): LiveSpan | undefined;
  /** The recording of the call whose span this is. */
  recording(span: LiveSpan): SdkCallRecording;
  /** Says (once) that a call's result could not be observed; it is returned untraced. */
  observeFailed(err: unknown): void;
}

/**
 * Runs one SDK method call inside its span. The caller gets exactly what the SDK returned (the same `APIPromise`,
 * resolving to the same object or the same `Stream`) and exactly what it threw; the caller's arguments are never
 * read by tracing: the span records the body the SDK serialized (see sent-request.ts).
 */
export function runTracedSdkCall(tracing: SdkCallTracing, original: (...args: unknown[]) => unknown, self: unknown, args: unknown[]): unknown {
  const span = tracing.startSpan();
  if (!span) return original.apply(self, args);
  const recording = tracing.recording(span);
  let result: unknown;
  try {
    // An SDK request starts no traced work of its own: active only where that is free (see runLeafWithActiveSpan).
    result = whileCalling(
      (body) => recording.sent(body),
      () => runLeafWithActiveSpan(span, () => original.apply(self, args)),
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
    return isApiPromise(result) ? observeApiPromise(result, recording) : settle(span, result, { recordOutputs: false });
  } catch (err) {
    tracing.observeFailed(err);
    span.end();
    return result;
  }
}
