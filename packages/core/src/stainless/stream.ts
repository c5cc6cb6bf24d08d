import { nowNs } from "../entities/clock.js";
import { logOnce } from "../log.js";
import type { LiveSpan } from "../tracer/live-span.js";
import { onAbandoned, type Abandonable } from "./abandoned.js";

/** Folds the chunks (events) of a streamed response into the one response object the span records. */
export interface StreamAggregator {
  /** Takes one chunk; returns true when it carries generated content (text, tool call, refusal, thinking). */
  add(chunk: unknown): boolean;
  /** The response as if it had not been streamed (partial when the stream stopped early). */
  result(): unknown;
}

/** How a plugin records one streamed call: its aggregator, and what it writes on the span from the result. */
export interface StreamRecorder {
  aggregator: StreamAggregator;
  /** Records the aggregated response (outputs, usage, finish reason) on the span, before it ends. */
  record(span: LiveSpan, response: unknown): void;
}

/** The SDK's `Stream`: consumed once through `iterator()`, which `for await`, `tee()` and `toReadableStream()` all call. */
export interface SdkStream {
  iterator: (...args: unknown[]) => AsyncIterator<unknown>;
  controller?: AbortController;
}

/** True for the SDK's `Stream` (any major version): an `iterator` function and an abort `controller`. */
export function isSdkStream(value: unknown): value is SdkStream {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as SdkStream).iterator === "function" &&
    typeof (value as Record<symbol, unknown>)[Symbol.asyncIterator] === "function"
  );
}

const instrumented = new WeakSet<object>();

/** An abort surfaced as an error: the DOM `AbortError` or the SDK's `APIUserAbortError`. */
function isAbortError(error: unknown): boolean {
  const name = (error as { name?: unknown; constructor?: { name?: unknown } } | null)?.constructor?.name;
  return (error as { name?: unknown } | null)?.name === "AbortError" || name === "APIUserAbortError";
}

/** Records one streamed call: aggregates chunks, marks the first token, ends the span exactly once. */
class StreamRecording implements Abandonable {
  private sawFirstToken = false;

  constructor(
    private readonly span: LiveSpan,
    private readonly recorder: StreamRecorder,
    private readonly controller: AbortController | undefined,
  ) {}

  chunk(value: unknown): void {
    try {
      if (this.recorder.aggregator.add(value) && !this.sawFirstToken) {
        this.sawFirstToken = true;
        const ms = (nowNs() - this.span.startTimeNs) / 1e6;
        this.span.addEvent("first_token", { time_to_first_token_ms: Math.round(ms * 1000) / 1000 });
      }
    } catch (err) {
      logOnce("sdk.stream.chunk", "could not aggregate a streamed SDK chunk", err);
    }
  }

  finish(how: "done" | "returned" | "failed", error?: unknown): void {
    if (this.span.ended) return;
    try {
      this.recorder.record(this.span, this.recorder.aggregator.result());
      if (this.cancelledByCaller(how, error)) {
        this.span.addEvent("cancelled", { reason: "the stream was stopped before its end" });
      }
    } catch (err) {
      logOnce("sdk.stream.finish", "could not record a streamed SDK response", err);
    }
    if (how === "failed") this.span.recordException(error);
    this.span.end();
  }

  /**
   * Whether the caller stopped the stream: `break`/`return()`, or an abort of the request's signal. The SDK aborts
   * its controller itself on every failure (in the iterator's `finally`), so an aborted signal means the caller's
   * abort only when the iteration ended without error, or failed with the SDK's abort error.
   */
  private cancelledByCaller(how: "done" | "returned" | "failed", error: unknown): boolean {
    if (how === "returned") return true;
    if (how === "done") return this.controller?.signal?.aborted === true;
    return isAbortError(error);
  }

  abandon(): void {
    if (this.span.ended) return;
    this.span.addEvent("abandoned", { reason: "the stream was garbage-collected before it was fully read" });
    this.finish("done");
  }
}

type StepFn = (...args: unknown[]) => Promise<IteratorResult<unknown>>;

/** Instruments the async iterator in place (same object): every step is observed, the outcome recorded. */
function observeIterator(iterator: AsyncIterator<unknown>, recording: StreamRecording): AsyncIterator<unknown> {
  const target = iterator as unknown as Record<string, StepFn | undefined>;
  const step = (name: "next" | "return" | "throw", original: StepFn) =>
    function (this: unknown, ...args: unknown[]) {
      if (name === "return") recording.finish("returned");
      let pending: Promise<IteratorResult<unknown>>;
      try {
        pending = original.apply(this, args);
      } catch (err) {
        recording.finish("failed", err);
        throw err;
      }
      return Promise.resolve(pending).then(
        (result) => {
          if (result?.done) recording.finish("done");
          else if (result) recording.chunk(result.value);
          return result;
        },
        (err: unknown) => {
          recording.finish("failed", err);
          throw err;
        },
      );
    };
  for (const name of ["next", "return", "throw"] as const) {
    const original = target[name];
    if (typeof original === "function") {
      Object.defineProperty(target, name, { value: step(name, original), writable: true, configurable: true });
    }
  }
  onAbandoned(iterator, recording);
  return iterator;
}

/**
 * Instruments an SDK `Stream` in place, keeping it the very same `Stream`: its `iterator` (what `for await`,
 * `tee()` and `toReadableStream()` call) is wrapped so the first consumption is recorded. The span ends when the
 * stream ends, fails, is stopped early (`break`, abort: a `cancelled` event) or is dropped unread.
 */
export function instrumentSdkStream(span: LiveSpan, stream: SdkStream, recorder: StreamRecorder): void {
  if (instrumented.has(stream)) return;
  instrumented.add(stream);
  const recording = new StreamRecording(span, recorder, stream.controller);
  const original = stream.iterator;
  let consumed = false;
  const handedOn = onAbandoned(stream, recording);
  stream.iterator = function (this: unknown, ...args: unknown[]) {
    const iterator = original.apply(this, args);
    if (consumed) return iterator;
    consumed = true;
    handedOn();
    try {
      return observeIterator(iterator, recording);
    } catch (err) {
      logOnce("sdk.stream.observe", "could not observe an SDK stream", err);
      return iterator;
    }
  };
}

/**
 * Instruments an async iterator of response chunks in place (the same object, its own `next`, `return` and `throw`
 * observed) — for SDKs whose streaming call resolves to an async generator rather than a `Stream`. The span ends
 * when the iteration ends, fails, is stopped early (`break`, abort: a `cancelled` event) or is dropped unread.
 */
export function instrumentSdkIterator(span: LiveSpan, iterator: AsyncIterator<unknown>, recorder: StreamRecorder): void {
  if (instrumented.has(iterator)) return;
  instrumented.add(iterator);
  observeIterator(iterator, new StreamRecording(span, recorder, undefined));
}
