import { logOnce } from "../log.js";
import type { LiveSpan } from "../tracer/live-span.js";
import type { SettleOptions } from "./settle.js";
import { replaceMethod, StreamRecorder, streamText } from "./stream-recorder.js";

/** A Node.js `Readable` (by shape, so every copy of `node:stream` and readable-stream counts). */
export function isNodeReadable(v: unknown): v is NodeJS.ReadableStream & { emit(event: string | symbol, ...args: unknown[]): boolean } {
  if (typeof v !== "object" || v === null) return false;
  const r = v as Record<string, unknown>;
  return typeof r.pipe === "function" && typeof r.on === "function" && typeof r.emit === "function" && typeof r.read === "function";
}

/** The AbortError a stream is destroyed with when `for await` stops early or the caller's AbortSignal fires. */
function isAbort(err: unknown): boolean {
  return typeof err === "object" && err !== null && ((err as { name?: unknown }).name === "AbortError" || (err as { code?: unknown }).code === "ABORT_ERR");
}

/**
 * Observes a Node.js `Readable` in place, through its own `emit`: every way of reading it (`on('data')`, `pipe`,
 * `read()`, async iteration) emits `data` for each chunk and `end` at the end, so nothing is subscribed on the side and
 * the stream's flowing mode and backpressure are untouched. The span ends at `end` (outputs: the text, or the
 * chunks), at `error` (with the exception), or as `cancelled` when destroyed early: a `close` before either, or the AbortError
 * of a `for await` that stopped early or of the caller's AbortSignal.
 */
export function instrumentNodeReadable<T extends object>(span: LiveSpan, readable: T, options: SettleOptions): T {
  const recorder = new StreamRecorder(span, options, streamText);
  const emit = (readable as unknown as { emit: (...args: unknown[]) => boolean }).emit;
  const observe = (event: unknown, arg: unknown): void => {
    try {
      if (event === "data") recorder.chunk(arg);
      else if (event === "end") recorder.finish("done");
      else if (event === "error") {
        if (isAbort(arg)) recorder.finish("cancelled");
        else recorder.finish("done", arg);
      }
      else if (event === "close") recorder.finish("cancelled");
    } catch (err) {
      logOnce("settle.readable", "could not observe a traced Node.js stream", err);
    }
  };
  recorder.onFinish(
    replaceMethod(readable, "emit", function (this: unknown, event: unknown, ...args: unknown[]) {
      observe(event, args[0]);
      return emit.call(this, event, ...args);
    }),
  );
  recorder.watch(readable);
  return readable;
}
