import { nowNs, type LiveSpan } from "@traceloom/core";
import { onAbandoned, type Abandonable } from "./abandoned.js";
import { StreamAggregator } from "./aggregate.js";
import { warnOnce } from "./log.js";
import { recordResponse } from "./response-attributes.js";

/** An abort surfaced as an error (the fetch `AbortError` the SDK lets through). */
function isAbortError(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === "AbortError";
}

/** Records one streamed call: aggregates chunks, marks the first token, ends the span exactly once. */
class StreamRecording implements Abandonable {
  private readonly aggregator = new StreamAggregator();
  private sawFirstToken = false;

  constructor(private readonly span: LiveSpan) {}

  chunk(value: unknown): void {
    try {
      if (this.aggregator.add(value) && !this.sawFirstToken) {
        this.sawFirstToken = true;
        const ms = (nowNs() - this.span.startTimeNs) / 1e6;
        this.span.addEvent("first_token", { time_to_first_token_ms: Math.round(ms * 1000) / 1000 });
      }
    } catch (err) {
      warnOnce("google-genai.stream.chunk", "could not aggregate a streamed Gemini chunk", err);
    }
  }

  finish(how: "done" | "returned" | "failed", error?: unknown): void {
    if (this.span.ended) return;
    try {
      recordResponse(this.span, this.aggregator.result());
      if (how === "returned" || (how === "failed" && isAbortError(error))) {
        this.span.addEvent("cancelled", { reason: "the stream was stopped before its end" });
      }
    } catch (err) {
      warnOnce("google-genai.stream.finish", "could not record a streamed Gemini response", err);
    }
    if (how === "failed") this.span.recordException(error);
    this.span.end();
  }

  abandon(): void {
    if (this.span.ended) return;
    this.span.addEvent("abandoned", { reason: "the stream was garbage-collected before it was fully read" });
    this.finish("done");
  }
}

type StepFn = (...args: unknown[]) => Promise<IteratorResult<unknown>>;

/** True for an async iterator the SDK returned (its async generator). */
export function isAsyncIterator(value: unknown): value is AsyncIterator<unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as AsyncIterator<unknown>).next === "function" &&
    typeof (value as Record<symbol, unknown>)[Symbol.asyncIterator] === "function"
  );
}

/**
 * Instruments the SDK's async generator of response chunks in place (the same object, its own `next`, `return`
 * and `throw` observed). The span ends when the stream ends, fails, is stopped early (`break`, abort: a
 * `cancelled` event) or is dropped unread (an `abandoned` event).
 */
export function instrumentStream(span: LiveSpan, iterator: AsyncIterator<unknown>): void {
  const recording = new StreamRecording(span);
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
}
