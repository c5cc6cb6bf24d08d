import { PassThrough, Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { beforeEach, describe, expect, it } from "vitest";
import { endSpanWhenSettled, getLastTraceId, startSpan, trace, withSpan } from "../src/index.js";
import { allTraces, tick, useMemoryStore } from "./helpers.js";

beforeEach(async () => {
  await useMemoryStore();
});

const encoder = new TextEncoder();

/** A byte stream of `parts`, one chunk per pull, failing after them when `fail` is given. */
function webBytes(parts: string[], fail?: Error): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i < parts.length) controller.enqueue(encoder.encode(parts[i++]));
      else if (fail) controller.error(fail);
      else controller.close();
    },
  });
}

/** A Node.js byte stream of `parts`, failing after them when `fail` is given; `lazy` pushes each on a later tick. */
function nodeBytes(parts: string[], fail?: Error, lazy = false): Readable {
  let i = 0;
  return new Readable({
    read() {
      const next = () => {
        if (i < parts.length) this.push(Buffer.from(parts[i++]));
        else if (fail) this.destroy(fail);
        else this.push(null);
      };
      if (lazy) setImmediate(next);
      else next();
    },
  });
}

/** A web stream as the async iterable it is at runtime (TypeScript's lib does not declare it). */
const iterate = <T>(s: ReadableStream<T>) => s as unknown as AsyncIterable<T>;

/** The root span of the only trace, once there is one. */
async function onlyRoot() {
  const traces = await allTraces();
  expect(traces).toHaveLength(1);
  return traces[0].rootSpan!;
}

describe("trace() of a function returning a web ReadableStream", () => {
  it("returns the same stream, and ends the span when `new Response(s).text()` has read it all", async () => {
    let made: ReadableStream | undefined;
    const body = trace(function body() {
      made = webBytes(["hello ", "wörld"]);
      return made;
    });
    const s = body();
    expect(s).toBe(made);
    expect(s.locked).toBe(false);
    await tick(5);
    expect(await allTraces()).toHaveLength(0);
    expect(await new Response(s).text()).toBe("hello wörld");
    const span = await onlyRoot();
    expect(span.outputs).toBe("hello wörld");
    expect(span.status.code).toBe("STATUS_CODE_OK");
    expect(span.events).toEqual([]);
  });

  it("works the same when an async function resolves to the stream (a route handler returning a body)", async () => {
    const handler = trace(async function handler(q: string) {
      await tick(1);
      return webBytes([`answer to ${q}`]);
    });
    const s = await handler("x");
    expect(await allTraces()).toHaveLength(0);
    expect(await new Response(s).text()).toBe("answer to x");
    const span = await onlyRoot();
    expect(span.inputs).toEqual({ q: "x" });
    expect(span.outputs).toBe("answer to x");
  });

  it("ends at the end of a reader loop, keeping non-byte chunks as they are", async () => {
    const rows = trace(() => new ReadableStream({ start(c) { c.enqueue({ n: 1 }); c.enqueue({ n: 2 }); c.close(); } }), { name: "rows" });
    const reader = rows().getReader();
    const got: unknown[] = [];
    for (let r = await reader.read(); !r.done; r = await reader.read()) got.push(r.value);
    expect(got).toEqual([{ n: 1 }, { n: 2 }]);
    expect((await onlyRoot()).outputs).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it("ends when piped to a WritableStream, and through a TransformStream", async () => {
    const body = trace(() => webBytes(["a", "b"]), { name: "piped" });
    const written: string[] = [];
    await body().pipeTo(new WritableStream({ write: (chunk) => void written.push(new TextDecoder().decode(chunk)) }));
    expect(written).toEqual(["a", "b"]);
    expect((await onlyRoot()).outputs).toBe("ab");

    await useMemoryStore();
    const upper = new TransformStream<Uint8Array, string>({ transform: (chunk, c) => c.enqueue(new TextDecoder().decode(chunk).toUpperCase()) });
    let text = "";
    for await (const part of iterate(body().pipeThrough(upper))) text += part;
    expect(text).toBe("AB");
    expect((await onlyRoot()).outputs).toBe("ab");
  });

  it("records the error of a failing stream, with the chunks read before it", async () => {
    const boom = new Error("upstream reset");
    const body = trace(() => webBytes(["par", "tial"], boom), { name: "failing" });
    await expect(new Response(body()).text()).rejects.toBe(boom);
    const span = await onlyRoot();
    expect(span.status.code).toBe("STATUS_CODE_ERROR");
    expect(span.events.map((e) => [e.name, e.attributes["exception.message"]])).toEqual([["exception", "upstream reset"]]);
    expect(span.outputs).toBe("partial");
  });

  it("ends as cancelled when the reader cancels, or `for await` breaks, after the first chunk", async () => {
    const body = trace(() => webBytes(["one", "two", "three"]), { name: "cancelled" });
    const reader = body().getReader();
    await reader.read();
    await reader.cancel("enough");
    let span = await onlyRoot();
    expect(span.outputs).toBe("one");
    expect(span.events.map((e) => e.name)).toEqual(["cancelled"]);
    expect(span.status.code).toBe("STATUS_CODE_OK");

    await useMemoryStore();
    for await (const chunk of iterate(body())) {
      expect(new TextDecoder().decode(chunk)).toBe("one");
      break;
    }
    span = await onlyRoot();
    expect(span.outputs).toBe("one");
    expect(span.events.map((e) => e.name)).toEqual(["cancelled"]);
  });

  it("leaves a subclass's own pipeThrough alone: it still returns its own class, with every chunk", async () => {
    class EventStream<T> extends ReadableStream<T> {
      override pipeThrough<U>(pair: ReadableWritablePair<U, T>): EventStream<U> {
        const piped = super.pipeThrough(pair);
        const reader = piped.getReader();
        return new EventStream<U>({ pull: async (c) => { const r = await reader.read(); if (r.done) c.close(); else c.enqueue(r.value); } });
      }
    }
    // Observed as trace() does, with a span this test ends itself: the subclass reads through the standard pipe,
    // which nothing can see, so only garbage collection would end it.
    const span = startSpan("events");
    const events = endSpanWhenSettled(span, new EventStream<string>({ start(c) { c.enqueue("a"); c.enqueue("b"); c.close(); } }), { recordOutputs: true });
    const upper = events.pipeThrough(new TransformStream<string, string>({ transform: (x, c) => c.enqueue(x.toUpperCase()) }));
    expect(upper).toBeInstanceOf(EventStream);
    expect(await new Response(upper.pipeThrough(new TextEncoderStream())).text()).toBe("AB");
    span.end();
  });

  it("ends as cancelled when the stream itself is cancelled unread", async () => {
    const body = trace(() => webBytes(["never"]), { name: "dropped" });
    await body().cancel();
    const span = await onlyRoot();
    expect(span.events.map((e) => e.name)).toEqual(["cancelled"]);
  });

  it("nests spans started while reading under the caller's span, not the stream's", async () => {
    const body = trace(() => webBytes(["x"]), { name: "body" });
    await withSpan("handler", async () => {
      await new Response(body()).text();
    });
    const traces = await allTraces();
    expect(traces).toHaveLength(1);
    expect(traces[0].spans.map((s) => s.name).sort()).toEqual(["body", "handler"]);
  });
});

describe("trace() of a function returning a Node.js Readable", () => {
  it("returns the same stream, not switched to flowing, and ends at the end of `pipe`", async () => {
    let made: Readable | undefined;
    const body = trace(function body() {
      made = nodeBytes(["hello ", "world"]);
      return made;
    });
    const r = body();
    expect(r).toBe(made);
    expect(r.readableFlowing).toBe(null);
    const sink = new PassThrough();
    const parts: Buffer[] = [];
    sink.on("data", (b: Buffer) => parts.push(b));
    await new Promise((resolve) => sink.on("end", resolve).resume() && r.pipe(sink));
    expect(Buffer.concat(parts).toString()).toBe("hello world");
    expect((await onlyRoot()).outputs).toBe("hello world");
  });

  it("ends when read with on('data'), with pipeline(), and with for await", async () => {
    const body = trace(() => nodeBytes(["a", "b"]), { name: "bytes" });
    let text = "";
    await new Promise<void>((resolve) => body().on("data", (b: Buffer) => (text += b)).on("end", resolve));
    expect(text).toBe("ab");
    expect((await onlyRoot()).outputs).toBe("ab");

    await useMemoryStore();
    const written: string[] = [];
    await pipeline(body(), new Writable({ write: (chunk: Buffer, _e, cb) => (written.push(chunk.toString()), cb()) }));
    expect(written).toEqual(["a", "b"]);
    expect((await onlyRoot()).outputs).toBe("ab");

    await useMemoryStore();
    const objects = trace(() => Readable.from([{ id: 1 }, { id: 2 }]), { name: "objects" });
    const got: unknown[] = [];
    for await (const o of objects()) got.push(o);
    expect(got).toEqual([{ id: 1 }, { id: 2 }]);
    expect((await onlyRoot()).outputs).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it("records the error of a stream destroyed with one", async () => {
    const boom = new Error("socket hang up");
    const body = trace(() => nodeBytes(["par"], boom), { name: "failing" });
    const r = body();
    await expect(new Promise((resolve, reject) => r.on("data", () => {}).on("end", resolve).on("error", reject))).rejects.toBe(boom);
    const span = await onlyRoot();
    expect(span.status.code).toBe("STATUS_CODE_ERROR");
    expect(span.outputs).toBe("par");
  });

  it("ends as cancelled when destroyed before its end, or when for await breaks", async () => {
    const body = trace(() => nodeBytes(["one", "two", "three"], undefined, true), { name: "cut" });
    const r = body();
    await new Promise<void>((resolve) => r.once("data", () => {
      r.destroy();
      resolve();
    }));
    await tick(5);
    let span = await onlyRoot();
    expect(span.outputs).toBe("one");
    expect(span.events.map((e) => e.name)).toEqual(["cancelled"]);

    await useMemoryStore();
    for await (const chunk of body()) {
      expect(String(chunk)).toBe("one");
      break;
    }
    await tick(5);
    span = await onlyRoot();
    expect(span.outputs).toBe("one");
    expect(span.events.map((e) => e.name)).toEqual(["cancelled"]);
  });

  it("gives the stream its own emit back once it has ended", async () => {
    const r = trace(() => nodeBytes(["z"]), { name: "z" })();
    expect(Object.prototype.hasOwnProperty.call(r, "emit")).toBe(true);
    await new Promise((resolve) => r.on("end", resolve).resume());
    expect(Object.prototype.hasOwnProperty.call(r, "emit")).toBe(false);
    expect(getLastTraceId()).toBeDefined();
  });
});
