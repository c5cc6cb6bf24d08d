import { logOnce } from "../log.js";
import type { LiveSpan } from "../tracer/live-span.js";
import { runWithActiveSpan } from "../context/active.js";
import { instrumentNodeReadable, isNodeReadable } from "./settle-node-readable.js";
import { instrumentWebStream, isWebReadableStream } from "./settle-web-stream.js";
import { abandoned, StreamRecorder } from "./stream-recorder.js";

/** How a traced result's outputs are recorded. */
export interface SettleOptions {
  /** Record the (awaited / streamed) result as the span's outputs. */
  recordOutputs: boolean;
  /** Turns the chunks of a stream into the recorded outputs (default: the array of chunks). */
  outputReducer?: (chunks: unknown[]) => unknown;
}

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
 * - another thenable (a Promise subclass, a lazy query builder): the original, whose own `then` is wrapped so the
 *   span ends when the caller consumes it — nothing is subscribed on the side, so a lazy thenable runs only when the
 *   caller awaits it and an ignored rejection stays unhandled; one never consumed ends as `abandoned` when collected;
 * - a generator / iterator or an async iterable: the original, instrumented in place; the span ends when it is
 *   exhausted, fails, is stopped early (`break` → `cancelled` event) or is garbage-collected unconsumed;
 * - a web `ReadableStream` or a Node.js `Readable`: the original, observed in place however it is read (a reader,
 *   `new Response(s)`, `pipe`/`pipeTo`, `on('data')`, `for await`); the span ends at its end with the text (or chunks)
 *   read, at its error, or when it is cancelled / destroyed early (`cancelled` event);
 * - anything else: ends now.
 */
export function settle<T>(span: LiveSpan, result: T, options: SettleOptions): T {
  try {
    if (isThenable(result)) {
      if (Object.getPrototypeOf(result) === Promise.prototype) {
        const onError = (e: unknown) => {
          span.recordException(e);
          span.end();
          throw e;
        };
        return (result as unknown as Promise<unknown>).then((v) => settle(span, v, options), onError) as T;
      }
      return instrumentThenable(span, result, options) as T;
    }
    if (isIterator(result)) return instrumentIterator(span, result, options) as T;
    if (isWebReadableStream(result)) return instrumentWebStream(span, result, options) as T;
    if (isNodeReadable(result)) return instrumentNodeReadable(span, result, options) as T;
    if (isAsyncIterable(result)) return instrumentAsyncIterable(span, result, options) as T;
    if (options.recordOutputs) span.setOutputs(result);
  } catch (err) {
    logOnce("settle", "could not observe a traced result", err);
  }
  span.end();
  return result;
}

/** Wraps a thenable's own `then` so the first consumer's outcome ends the span; the callbacks see the same values. */
function instrumentThenable<T extends PromiseLike<unknown>>(span: LiveSpan, thenable: T, options: SettleOptions): T {
  const originalThen = thenable.then;
  const token = {};
  abandoned.register(thenable, span, token);
  const done = () => abandoned.unregister(token);
  Object.defineProperty(thenable, "then", {
    configurable: true,
    writable: true,
    value: function (this: unknown, onFulfilled?: (v: unknown) => unknown, onRejected?: (e: unknown) => unknown) {
      return originalThen.call(
        this,
        (value: unknown) => {
          if (!span.ended) {
            done();
            value = settle(span, value, options);
          }
          return onFulfilled ? onFulfilled(value) : value;
        },
        (error: unknown) => {
          if (!span.ended) {
            done();
            span.recordException(error);
            span.end();
          }
          if (onRejected) return onRejected(error);
          throw error;
        },
      );
    },
  });
  return thenable;
}

type AnyIterator = Iterator<unknown> & Partial<AsyncIterator<unknown>>;

/** Instruments an iterator in place: its own next/return/throw run with the span active and record the outcome. */
function instrumentIterator(span: LiveSpan, it: Iterator<unknown> | AsyncIterator<unknown>, options: SettleOptions) {
  const target = it as AnyIterator;
  const recorder = new StreamRecorder(span, options);
  const orig = { next: target.next, return: target.return, throw: target.throw };
  const hasOwn = (key: string) => Object.prototype.hasOwnProperty.call(target, key);
  const ownBefore = { next: hasOwn("next"), return: hasOwn("return"), throw: hasOwn("throw") };
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
  recorder.watch(target);
  // Once finished, the iterator goes back to its own methods: a consumed stream the caller keeps does not keep the
  // trace alive through our wrappers.
  recorder.onFinish(() => {
    for (const key of ["next", "return", "throw"] as const) {
      if (orig[key] === undefined) continue;
      if (ownBefore[key]) Object.defineProperty(target, key, { value: orig[key], configurable: true, writable: true });
      else delete (target as Partial<AnyIterator>)[key];
    }
  });
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
      abandoned.unregister(token);
      return instrumentIterator(span, it, options);
    },
  });
  const token = {};
  abandoned.register(iterable, span, token);
  return iterable;
}
