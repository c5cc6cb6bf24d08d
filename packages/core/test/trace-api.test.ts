import { beforeEach, describe, expect, it } from "vitest";
import { flush, getCurrentSpan, getLastTraceId, SpanType, trace, updateCurrentTrace, updateTraceOf, withSpan } from "../src/index.js";
import { lastTrace, tick, useMemoryStore } from "./helpers.js";

beforeEach(async () => {
  await useMemoryStore();
});

class ToolError extends Error {
  override name = "ToolError";
  code = 42;
}

describe("trace()", () => {
  it("records inputs by parameter name, output, function name and span type", async () => {
    const add = trace(function add(a: number, { b }: { b: number }, ...rest: number[]) {
      return a + b + rest.reduce((x, y) => x + y, 0);
    }, { spanType: SpanType.TOOL, attributes: { version: 2 } });
    expect(add(1, { b: 2 }, 3, 4)).toBe(10);
    const t = await lastTrace();
    const s = t.rootSpan!;
    expect(s.name).toBe("add");
    expect(s.inputs).toEqual({ a: 1, arg1: { b: 2 }, rest: [3, 4] });
    expect(s.outputs).toBe(10);
    expect(s.spanType).toBe("TOOL");
    expect(s.attribute("mlflow.spanFunctionName")).toBe("add");
    expect(s.attribute("version")).toBe(2);
  });

  it("records an exception as an `exception` event with status ERROR and rethrows the same object", async () => {
    let err: ToolError | undefined;
    const failing = trace(function flaky_tool(x: number) {
      err = new ToolError(`bad input: ${x}`);
      throw err;
    }, { spanType: SpanType.TOOL });
    const pipeline = trace(async function pipeline(x: number) {
      await tick(1);
      return failing(x);
    });
    let caught: unknown;
    try {
      await pipeline(7);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ToolError);
    expect(caught).toBe(err);
    const t = await lastTrace();
    expect(t.info.state).toBe("ERROR");
    for (const s of t.spans) {
      expect(s.status).toEqual({ code: "STATUS_CODE_ERROR", message: "ToolError: bad input: 7" });
      const [ev] = s.events;
      expect(ev.name).toBe("exception");
      expect(ev.attributes["exception.type"]).toBe("ToolError");
      expect(ev.attributes["exception.message"]).toBe("bad input: 7");
      expect(String(ev.attributes["exception.stacktrace"])).toContain("flaky_tool");
      expect(Number.isInteger(ev.time_unix_nano)).toBe(true);
    }
  });

  it("rejecting async functions reject with the original error, and stay unhandled if the caller ignores them", async () => {
    const err = new Error("nope");
    const f = trace(async function f() {
      throw err;
    });
    await expect(f()).rejects.toBe(err);
    const t = await lastTrace();
    expect(t.info.state).toBe("ERROR");
  });

  it("works as a TS 5 method decorator, keeping `this`", async () => {
    class Agent {
      constructor(private readonly prefix: string) {}
      @trace({ spanType: SpanType.AGENT })
      async run(task: string) {
        return `${this.prefix}${await this.step(task)}`;
      }
      @trace
      step(task: string) {
        return task.toUpperCase();
      }
    }
    expect(await new Agent("> ").run("go")).toBe("> GO");
    const t = await lastTrace();
    expect(t.rootSpan!.name).toBe("run");
    expect(t.rootSpan!.spanType).toBe("AGENT");
    expect(t.childrenOf(t.rootSpan!.spanId).map((s) => [s.name, s.inputs, s.outputs])).toEqual([["step", { task: "go" }, "GO"]]);
  });

  it("ends a stream's span as cancelled when the consumer breaks early, keeping the chunks read", async () => {
    const gen = trace(async function* tokens() {
      for (let i = 0; i < 100; i++) yield `t${i}`;
    }, { outputReducer: (chunks) => (chunks as string[]).join("") });
    for await (const tok of gen()) {
      if (tok === "t2") break;
    }
    const t = await lastTrace();
    const s = t.rootSpan!;
    expect(s.outputs).toBe("t0t1t2");
    expect(s.events.map((e) => e.name)).toEqual(["cancelled"]);
    expect(s.status.code).toBe("STATUS_CODE_OK");
  });

  it("records a failure inside a stream", async () => {
    const boom = new Error("stream broke");
    const gen = trace(async function* failing() {
      yield 1;
      throw boom;
    });
    const seen: number[] = [];
    await expect(async () => {
      for await (const x of gen()) seen.push(x);
    }).rejects.toBe(boom);
    expect(seen).toEqual([1]);
    const s = (await lastTrace()).rootSpan!;
    expect(s.status.code).toBe("STATUS_CODE_ERROR");
    expect(s.outputs).toEqual([1]);
  });

  it("keeps a returned async iterable's identity and class", async () => {
    class TokenStream {
      extra = "kept";
      async *[Symbol.asyncIterator]() {
        yield "a";
        yield "b";
      }
    }
    const original = new TokenStream();
    const f = trace(async function streamer() {
      return original;
    });
    const got = await f();
    expect(got).toBe(original);
    expect(got).toBeInstanceOf(TokenStream);
    const parts: string[] = [];
    for await (const p of got) parts.push(p);
    expect(parts).toEqual(["a", "b"]);
    expect((await lastTrace()).rootSpan!.outputs).toEqual(["a", "b"]);
  });

  it("observes a custom thenable without replacing it", async () => {
    class Custom<T> extends Promise<T> {
      marker = true;
    }
    const p = new Custom<number>((r) => setTimeout(() => r(5), 1));
    const f = trace(function custom() {
      return p;
    });
    const got = f();
    expect(got).toBe(p);
    expect(await got).toBe(5);
    await tick(2);
    expect((await lastTrace()).rootSpan!.outputs).toBe(5);
  });

  it("ends an abandoned stream's span when it is garbage-collected", async () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    expect(gc, "run with --expose-gc").toBeTypeOf("function");
    const gen = trace(function* forgotten() {
      yield 1;
    });
    const before = getLastTraceId();
    (() => {
      gen();
    })();
    for (let i = 0; i < 50 && getLastTraceId() === before; i++) {
      gc!();
      await tick(10);
    }
    const s = (await lastTrace()).rootSpan!;
    expect(s.name).toBe("forgotten");
    expect(s.events.map((e) => e.name)).toEqual(["abandoned"]);
  });
});

describe("withSpan() and updateCurrentTrace()", () => {
  it("sets trace tags, metadata, session, user, client request ID and previews", async () => {
    await withSpan({ name: "chat", spanType: "AGENT", inputs: { messages: [{ role: "system", content: "x" }, { role: "user", content: "Weather in Paris?" }] } }, async (span) => {
      updateCurrentTrace({ tags: { team: "golden" }, metadata: { region: "eu" }, session: "session-42", user: "alice", clientRequestId: "req-123" });
      span.setOutputs({ role: "assistant", content: "18C" });
    });
    const t = await lastTrace();
    expect(t.info.tags).toMatchObject({ team: "golden", "mlflow.traceName": "chat" });
    expect(t.info.metadata).toMatchObject({ region: "eu", "mlflow.trace.session": "session-42", "mlflow.trace.user": "alice" });
    expect(t.info.json.client_request_id).toBe("req-123");
    expect(t.info.requestPreview).toBe("Weather in Paris?");
    expect(t.info.responsePreview).toBe(JSON.stringify({ role: "assistant", content: "18C" }));
  });

  it("previews a Responses API output by its messages' text", async () => {
    await withSpan("respond", (span) => {
      span.setOutputs({ id: "resp_1", output: [{ type: "function_call", name: "add" }, { type: "message", role: "assistant", content: [{ type: "output_text", text: "It is 20." }] }] });
    });
    expect((await lastTrace()).info.responsePreview).toBe("It is 20.");
  });

  it("lets an integration fill in a span's trace without overriding what the user set (keepExisting)", async () => {
    await withSpan("turn", async () => {
      updateCurrentTrace({ session: "user-chosen", tags: { constructor: "c" }, requestPreview: "mine" });
      await withSpan("graph", (inner) => {
        updateTraceOf(inner, { session: "thread-7", user: "bob", tags: { constructor: "framework", framework: "langgraph" }, requestPreview: "theirs" }, { keepExisting: true });
      });
    });
    const kept = await lastTrace();
    expect(kept.info.metadata).toMatchObject({ "mlflow.trace.session": "user-chosen", "mlflow.trace.user": "bob" });
    expect(kept.info.tags).toMatchObject({ constructor: "c", framework: "langgraph" });
    expect(kept.info.requestPreview).toBe("mine");
    await withSpan("turn", (span) => updateTraceOf(span, { session: "thread-8" }, { keepExisting: true }));
    expect((await lastTrace()).info.metadata["mlflow.trace.session"]).toBe("thread-8");
  });

  it("returns fn's value (sync) and does not record outputs by itself", async () => {
    expect(withSpan("sync", () => 3)).toBe(3);
    const s = (await lastTrace()).rootSpan!;
    expect(s.outputs).toBeUndefined();
    expect(s.attributes).not.toHaveProperty("mlflow.spanOutputs");
  });
});

describe("exception type names", () => {
  it("uses the class name when a subclass keeps the name 'Error'", async () => {
    class RateLimitError extends Error {}
    await expect(withSpan("call", () => Promise.reject(new RateLimitError("slow down")))).rejects.toThrow("slow down");
    const s = (await lastTrace()).rootSpan!;
    expect(s.events[0].attributes["exception.type"]).toBe("RateLimitError");
    expect(s.status.message).toBe("RateLimitError: slow down");
  });
});

describe("thenables that are not native promises", () => {
  it("runs a lazy thenable once, only when the caller awaits it", async () => {
    let runs = 0;
    class Query {
      where() {
        return this;
      }
      then(ok: (v: string[]) => unknown, ko?: (e: unknown) => unknown) {
        runs++;
        return Promise.resolve(["row"]).then(ok, ko);
      }
    }
    const find = trace(function find() {
      return new Query();
    });
    const q = find().where();
    await tick(5);
    expect(runs).toBe(0);
    expect(await q).toEqual(["row"]);
    expect(runs).toBe(1);
    expect((await lastTrace()).rootSpan!.outputs).toEqual(["row"]);
  });

  it("records a Promise subclass's rejection when the caller catches it", async () => {
    class APIPromise<T> extends Promise<T> {}
    const err = new Error("429");
    const call = trace(function call() {
      return APIPromise.reject(err) as APIPromise<never>;
    });
    const p = call();
    expect(p).toBeInstanceOf(APIPromise);
    await expect(p).rejects.toBe(err);
    expect((await lastTrace()).rootSpan!.status.code).toBe("STATUS_CODE_ERROR");
  });
});

describe("finished streams", () => {
  it("do not keep their trace alive once consumed", async () => {
    const gc = (globalThis as { gc?: () => void }).gc!;
    let spanRef: WeakRef<object> | undefined;
    const gen = trace(function* big() {
      spanRef = new WeakRef(getCurrentSpan()!);
      yield "x".repeat(1_000_000);
    });
    const kept = gen();
    for (const _ of kept) void _;
    expect(Object.prototype.hasOwnProperty.call(kept, "next")).toBe(false);
    await flush();
    // deref() keeps its target alive until the current job ends: collect first, then look, in a fresh job each round.
    let alive = true;
    for (let i = 0; i < 10 && alive; i++) {
      await tick(5);
      gc();
      alive = spanRef!.deref() !== undefined;
    }
    expect(kept).toBeDefined();
    expect(alive).toBe(false);
  });
});
