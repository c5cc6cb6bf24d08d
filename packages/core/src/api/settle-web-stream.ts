import type { LiveSpan } from "../tracer/live-span.js";
import type { SettleOptions } from "./settle.js";
import { replaceMethod, StreamRecorder, streamText } from "./stream-recorder.js";

type Reader = ReadableStreamDefaultReader<unknown> | ReadableStreamBYOBReader;
type AnyMethod = (this: unknown, ...args: any[]) => any;

/** A WHATWG `ReadableStream` (the global class, which `node:stream/web` shares). */
export function isWebReadableStream(v: unknown): v is ReadableStream<unknown> {
  return typeof ReadableStream === "function" && v instanceof ReadableStream;
}

/**
 * Observes a web `ReadableStream` in place — the caller gets the very same object, still unlocked and unread. Every
 * way of reading it goes through one of its own methods, which are wrapped on the instance:
 * - `getReader()` (what `new Response(s)`, `Readable.fromWeb(s)` and hand-written loops use): the reader's `read`
 *   records chunks and the end or error, its `cancel` ends the span as `cancelled`;
 * - `values()` / `for await`: the iterator's `next` and `return`, likewise;
 * - `pipeTo`, `pipeThrough`, `tee` (the standard ones, not a subclass's): run on a pull-through stream (high-water mark 0, so backpressure is unchanged) that
 *   reads this one with a recording reader and forwards cancellation to it;
 * - `cancel()`: ends the span as `cancelled`.
 * Once the span has ended the stream's own methods come back.
 */
export function instrumentWebStream<T extends ReadableStream<unknown>>(span: LiveSpan, stream: T, options: SettleOptions): T {
  const recorder = new StreamRecorder(span, options, streamText);
  const own = {
    getReader: stream.getReader as AnyMethod,
    cancel: stream.cancel as AnyMethod,
    pipeTo: stream.pipeTo as AnyMethod,
    pipeThrough: stream.pipeThrough as AnyMethod,
    tee: stream.tee as AnyMethod,
    values: (stream as unknown as { values?: AnyMethod }).values,
    asyncIterator: (stream as unknown as { [Symbol.asyncIterator]?: AnyMethod })[Symbol.asyncIterator],
  };

  const recordStep = (step: Promise<IteratorResult<unknown>>): Promise<IteratorResult<unknown>> =>
    step.then(
      (r) => {
        if (r.done) recorder.finish("done");
        else recorder.chunk(r.value);
        return r;
      },
      (err: unknown) => {
        recorder.finish("done", err);
        throw err;
      },
    );

  const recordingReader = (reader: Reader): Reader => {
    const read = reader.read as AnyMethod;
    const cancel = reader.cancel as AnyMethod;
    replaceMethod(reader, "read", function (this: unknown, ...args: unknown[]) {
      return recorder.finished ? read.apply(this, args) : recordStep(read.apply(this, args));
    });
    replaceMethod(reader, "cancel", function (this: unknown, ...args: unknown[]) {
      recorder.finish("cancelled");
      return cancel.apply(this, args);
    });
    return reader;
  };

  const recordingIterator = (it: AsyncIterator<unknown>): AsyncIterator<unknown> => {
    const next = it.next as AnyMethod;
    const ret = it.return as AnyMethod | undefined;
    replaceMethod(it, "next", function (this: unknown, ...args: unknown[]) {
      return recorder.finished ? next.apply(this, args) : recordStep(next.apply(this, args));
    });
    if (ret) {
      replaceMethod(it, "return", function (this: unknown, ...args: unknown[]) {
        recorder.finish("cancelled");
        return ret.apply(this, args);
      });
    }
    return it;
  };

  // A stream reading this one through a recording reader, only as fast as it is read itself.
  const pullThrough = (): ReadableStream<unknown> => {
    const reader = recordingReader(own.getReader.call(stream) as Reader) as ReadableStreamDefaultReader<unknown>;
    return new ReadableStream<unknown>(
      {
        async pull(controller) {
          try {
            const r = await reader.read();
            if (r.done) controller.close();
            else controller.enqueue(r.value);
          } catch (err) {
            controller.error(err);
          }
        },
        cancel: (reason) => reader.cancel(reason),
      },
      { highWaterMark: 0 },
    );
  };
  // A locked stream is left to its own method, which throws or rejects exactly as it would untraced.
  const routed = (method: AnyMethod, via: (s: ReadableStream<unknown>, args: unknown[]) => unknown) =>
    function (this: unknown, ...args: unknown[]) {
      return this !== stream || stream.locked || recorder.finished ? method.apply(this, args) : via(pullThrough(), args);
    };

  const restore = [
    replaceMethod(stream, "getReader", function (this: unknown, ...args: unknown[]) {
      const reader = own.getReader.apply(this, args) as Reader;
      return this === stream && !recorder.finished ? recordingReader(reader) : reader;
    }),
    replaceMethod(stream, "cancel", function (this: unknown, ...args: unknown[]) {
      if (this === stream && !stream.locked) recorder.finish("cancelled");
      return own.cancel.apply(this, args);
    }),
  ];
  // Only the standard pipes are routed: a subclass's own (LlamaIndex's WorkflowStream returns its own class from
  // pipeThrough) is left alone, and ends the span through the reader it takes, or as abandoned.
  const routes: [key: "pipeTo" | "pipeThrough" | "tee", via: (s: ReadableStream<unknown>, args: unknown[]) => unknown][] = [
    ["pipeTo", (s, args) => s.pipeTo(...(args as Parameters<ReadableStream["pipeTo"]>))],
    ["pipeThrough", (s, args) => s.pipeThrough(...(args as Parameters<ReadableStream["pipeThrough"]>))],
    ["tee", (s) => s.tee()],
  ];
  for (const [key, via] of routes) {
    if (own[key] === ReadableStream.prototype[key]) restore.push(replaceMethod(stream, key, routed(own[key], via)));
  }
  for (const [key, method] of [["values", own.values], [Symbol.asyncIterator, own.asyncIterator]] as const) {
    if (!method) continue;
    restore.push(
      replaceMethod(stream, key, function (this: unknown, ...args: unknown[]) {
        const it = method.apply(this, args) as AsyncIterator<unknown>;
        return this === stream && !recorder.finished ? recordingIterator(it) : it;
      }),
    );
  }
  recorder.onFinish(() => restore.forEach((undo) => undo()));
  recorder.watch(stream);
  return stream;
}
