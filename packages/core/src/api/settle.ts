import { logOnce } from "../log.js";
import type { LiveSpan } from "../tracer/live-span.js";
import { runWithActiveSpan } from "../context/active.js";

/** How a traced result's outputs are recorded. */
export interface SettleOptions {
  /** Record the (awaited / streamed) result as the span's outputs. */
  recordOutputs: boolean;
  /** Turns the chunks of a stream into the recorded outputs (default: the array of chunks). */
  outputReducer?: (chunks: unknown[]) => unknown;
}

/** Chunks of a stream kept for the outputs at most; later ones are counted, not kept. */
const MAX_KEPT_CHUNKS = 10_000;

const abandoned = new FinalizationRegistry<LiveSpan>((span) => {
  if (!span.ended) {
    span.addEvent("abandoned", { reason: "the stream was garbage-collected before it was fully consumed" });
    span.end();
  }
});

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return (typeof v === "object" || typeof v === "function") && v !== null && typeof (v as { then?: unknown }).then === "function";
}

function isIterator(v: unknown): v is Iterator<unknown> | AsyncIterator<unknown> {
  return typeof v === "object" && v !== null && typeof (v as { next?: unknown }).next === "function" &&
    (Symbol.asyncIterator in v || Symbol.iterator in v);
}

function isAsyncIterable(v: unknown): v is AsyncIterable<unknown> {
  return typeof v === "object" && v !== null && typeof (v as Record<symbol, unknown>)[Symbol.asyncIterator] === "function";
}

/**
 * Ends `span` when `result` is settled, and returns what the caller should get — the very same object wherever
 * identity matters (custom promises, streams, generators), so tracing stays invisible:
 * - a native Promise: a chained native Promise (an unhandled rejection stays unhandled);
 * - another thenable: the original, observed on the side;
 * - a generator / iterator or an async iterable: the original, instrumented in place; the span ends when it is
 *   exhausted, fails, is stopped early (`break` → `cancelled` event) or is garbage-collected unconsumed;
 * - anything else: ends now.
 */
export function settle<T>(span: LiveSpan, result: T, options: SettleOptions): T {
  try {
    if (isThenable(result)) {
      const onValue = (v: unknown) => settle(span, v, options);
      const onError = (e: unknown) => {
        span.recordException(e);
        span.end();
        throw e;
      };
      if (Object.getPrototypeOf(result) === Promise.prototype) return (result as unknown as Promise<unknown>).then(onValue, onError) as T;
      result.then(onValue, (e) => {
        span.recordException(e);
        span.end();
      });
      return result;
    }
    if (isIterator(result)) return instrumentIterator(span, result, options) as T;
    if (isAsyncIterable(result)) return instrumentAsyncIterable(span, result, options) as T;
  } catch (err) {
    logOnce("settle", "could not observe a traced result", err);
  }
  if (options.recordOutputs) span.setOutputs(result);
  span.end();
  return result;
}

/** Collects chunks and ends the span exactly once, however the stream stops. */
class StreamRecorder {
  private readonly chunks: unknown[] = [];
  private dropped = 0;

  constructor(
    private readonly span: LiveSpan,
    private readonly options: SettleOptions,
  ) {}

  chunk(value: unknown): void {
    if (!this.options.recordOutputs) return;
    if (this.chunks.length < MAX_KEPT_CHUNKS) this.chunks.push(value);
    else this.dropped++;
  }

  finish(how: "done" | "cancelled", error?: unknown): void {
    if (this.span.ended) return;
    if (this.options.recordOutputs) {
      try {
        this.span.setOutputs(this.options.outputReducer ? this.options.outputReducer(this.chunks) : this.chunks);
      } catch (err) {
        this.span.recordException(err);
      }
      if (this.dropped) this.span.setAttribute("traceloom.stream.chunksNotKept", this.dropped);
    }
    if (how === "cancelled") this.span.addEvent("cancelled", { reason: "the consumer stopped before the end of the stream" });
    if (error !== undefined) this.span.recordException(error);
    this.span.end();
  }
}

type AnyIterator = Iterator<unknown> & Partial<AsyncIterator<unknown>>;

/** Instruments an iterator in place: its own next/return/throw run with the span active and record the outcome. */
function instrumentIterator(span: LiveSpan, it: Iterator<unknown> | AsyncIterator<unknown>, options: SettleOptions) {
  const target = it as AnyIterator;
  const recorder = new StreamRecorder(span, options);
  const orig = { next: target.next, return: target.return, throw: target.throw };
  const observe = (step: unknown, stage: "next" | "return"): unknown => {
    if (isThenable(step)) {
      return (step as Promise<IteratorResult<unknown>>).then(
        (r) => observeResult(r, stage),
        (e) => {
          recorder.finish("done", e);
          throw e;
        },
      );
    }
    return observeResult(step as IteratorResult<unknown>, stage);
  };
  const observeResult = (r: IteratorResult<unknown>, stage: "next" | "return") => {
    if (r && r.done) recorder.finish(stage === "return" ? "cancelled" : "done");
    else if (r) recorder.chunk(r.value);
    return r;
  };
  const call = (fn: ((...a: unknown[]) => unknown) | undefined, args: unknown[], stage: "next" | "return" | "throw") => {
    if (!fn) return stage === "return" ? { done: true, value: args[0] } : undefined;
    let step: unknown;
    try {
      step = runWithActiveSpan(span, () => fn.apply(target, args));
    } catch (e) {
      recorder.finish("done", e);
      throw e;
    }
    return observe(step, stage === "throw" ? "next" : stage);
  };
  Object.defineProperty(target, "next", { value: (...a: unknown[]) => call(orig.next as never, a, "next"), configurable: true, writable: true });
  if (orig.return) Object.defineProperty(target, "return", { value: (...a: unknown[]) => call(orig.return as never, a, "return"), configurable: true, writable: true });
  if (orig.throw) Object.defineProperty(target, "throw", { value: (...a: unknown[]) => call(orig.throw as never, a, "throw"), configurable: true, writable: true });
  abandoned.register(target, span);
  return it;
}

/** Instruments an async iterable (e.g. a stream object) in place, keeping its class and every other member. */
function instrumentAsyncIterable(span: LiveSpan, iterable: AsyncIterable<unknown>, options: SettleOptions) {
  const original = iterable[Symbol.asyncIterator];
  let started = false;
  Object.defineProperty(iterable, Symbol.asyncIterator, {
    configurable: true,
    writable: true,
    value: function (this: unknown) {
      const it = original.call(this);
      if (started) return it;
      started = true;
      return instrumentIterator(span, it, options);
    },
  });
  abandoned.register(iterable, span);
  return iterable;
}
