import { endSpanWhenSettled, startSpan, withActiveSpan, type LiveSpan, type SpanTypeName } from "@traceloom/core";
import { isRecording } from "./recording.js";
import { warnOnce } from "./log.js";

/** How one instrumented method is turned into a span. */
export interface CallSpec<Self, Args extends unknown[], Result> {
  /** Key for warnOnce when a hook of this spec fails. */
  key: string;
  name: (self: Self, args: Args) => string;
  spanType: SpanTypeName;
  inputs: (self: Self, args: Args) => unknown;
  /** Called right after the span starts (attributes known before the call). */
  onStart?: (span: LiveSpan, self: Self, args: Args) => void;
  /** Records a settled, non-stream result on the span (outputs, usage…). */
  onResult: (span: LiveSpan, result: Result, self: Self, args: Args) => void;
  /** Turns the chunks of a streamed result into the span's outputs; the span ends when the stream is read. */
  streamOutputs?: (chunks: unknown[]) => unknown;
  /** Called when the streamed result has been read to its end, before the span ends. */
  onStreamEnd?: (span: LiveSpan, chunks: unknown[]) => void;
}

function isAsyncIterable(v: unknown): v is AsyncIterable<unknown> {
  return typeof v === "object" && v !== null && typeof (v as Record<symbol, unknown>)[Symbol.asyncIterator] === "function";
}

function guard(key: string, fn: () => void): void {
  try {
    fn();
  } catch (err) {
    warnOnce(`llamaindex.${key}`, `could not record ${key}; tracing continues`, err);
  }
}

/** Starts a span for one call, or `undefined` when not recording or the span cannot be made. */
export function startCallSpan<Self, Args extends unknown[], Result>(
  spec: CallSpec<Self, Args, Result>,
  self: Self,
  args: Args,
): LiveSpan | undefined {
  if (!isRecording()) return undefined;
  try {
    const span = startSpan({ name: spec.name(self, args), spanType: spec.spanType });
    guard(spec.key, () => span.setInputs(spec.inputs(self, args)));
    if (spec.onStart) guard(spec.key, () => spec.onStart?.(span, self, args));
    return span;
  } catch (err) {
    warnOnce(`llamaindex.${spec.key}.start`, `could not start a span for ${spec.key}; the call runs untraced`, err);
    return undefined;
  }
}

/**
 * Runs `original` as a traced call: a span is started (child of the active span), made active for the call, and
 * ended when the returned promise settles — or, when it resolves to a stream, once the stream has been read.
 * The caller gets the very same values and errors as without tracing.
 */
export function runTracedCall<Self, Args extends unknown[], Result>(
  spec: CallSpec<Self, Args, Result>,
  self: Self,
  args: Args,
  original: (this: Self, ...args: Args) => unknown,
  span: LiveSpan | undefined = startCallSpan(spec, self, args),
): unknown {
  if (!span) return original.apply(self, args);
  let result: unknown;
  try {
    result = withActiveSpan(span, () => original.apply(self, args));
  } catch (err) {
    span.recordException(err);
    span.end();
    throw err;
  }
  if (!(result instanceof Promise)) {
    finishWith(spec, span, result, self, args);
    return result;
  }
  return result.then(
    (value) => finishWith(spec, span, value, self, args),
    (err: unknown) => {
      span.recordException(err);
      span.end();
      throw err;
    },
  );
}

function finishWith<Self, Args extends unknown[], Result>(
  spec: CallSpec<Self, Args, Result>,
  span: LiveSpan,
  value: unknown,
  self: Self,
  args: Args,
): unknown {
  if (isAsyncIterable(value)) {
    return endSpanWhenSettled(span, value, {
      recordOutputs: true,
      outputReducer: (chunks) => {
        let outputs: unknown = chunks;
        guard(spec.key, () => spec.onStreamEnd?.(span, chunks));
        guard(spec.key, () => {
          outputs = spec.streamOutputs ? spec.streamOutputs(chunks) : chunks;
        });
        return outputs;
      },
    });
  }
  guard(spec.key, () => spec.onResult(span, value as Result, self, args));
  span.end();
  return value;
}
