import { beforeEach, describe, expect, it, vi } from "vitest";
import { configure, encodeJson, trace, withSpan } from "../src/index.js";
import { encodeBySafeWalk } from "../src/serialize/encode.js";
import { lastTrace, useMemoryStore } from "./helpers.js";

beforeEach(async () => {
  await useMemoryStore();
});

const decode = (v: unknown) => JSON.parse(encodeJson(v));

describe("safe capture of hostile payloads", () => {
  it("handles circular references, BigInt, Error, Date, Map, Set, symbols and functions", () => {
    const a: Record<string, unknown> = { name: "a" };
    a.self = a;
    const shared = { n: 1 };
    const err = new TypeError("bad", { cause: new Error("root") });
    expect(
      decode({
        a,
        twice: [shared, shared],
        big: 12345678901234567890n,
        err,
        when: new Date("2026-01-02T03:04:05.000Z"),
        map: new Map([["k", 1]]),
        mixedMap: new Map<unknown, unknown>([[1, "one"]]),
        set: new Set([1, 2]),
        sym: Symbol("s"),
        fn: function named() {},
        nan: Number.NaN,
        undef: undefined,
      }),
    ).toEqual({
      a: { name: "a", self: "[Circular]" },
      twice: [{ n: 1 }, { n: 1 }],
      big: "12345678901234567890",
      err: { type: "TypeError", message: "bad", cause: { type: "Error", message: "root" } },
      when: "2026-01-02T03:04:05.000Z",
      map: { k: 1 },
      mixedMap: [[1, "one"]],
      set: [1, 2],
      sym: "Symbol(s)",
      fn: "[Function named]",
      nan: "NaN",
    });
  });

  it("describes binary data instead of dumping it, and keeps numeric typed arrays readable", () => {
    const buf = Buffer.from("hello world");
    const out = decode({ buf, floats: new Float32Array([0.5, 1.5]), ab: new ArrayBuffer(4) });
    expect(out.buf).toEqual({ type: "Buffer", byteLength: 11, base64Preview: buf.toString("base64") });
    expect(out.floats).toEqual([0.5, 1.5]);
    expect(out.ab).toMatchObject({ type: "ArrayBuffer", byteLength: 4 });
  });

  it("survives throwing getters and proxies that throw", () => {
    const evil = {
      ok: 1,
      get boom(): number {
        throw new Error("getter exploded");
      },
    };
    const trap = new Proxy({}, { ownKeys: () => { throw new Error("no keys for you"); } });
    expect(decode({ evil, trap })).toEqual({ evil: { ok: 1, boom: "[Thrown: Error: getter exploded]" }, trap: "[Unserializable: Error: no keys for you]" });
  });

  it("uses class instances' own fields and toJSON()", () => {
    class Point {
      constructor(public x: number, public y: number) {}
    }
    class Money {
      toJSON() {
        return "€5";
      }
    }
    expect(decode({ p: new Point(1, 2), m: new Money() })).toEqual({ p: { x: 1, y: 2 }, m: "€5" });
  });

  it("applies toJSON() once per value, as JSON.stringify does, enumerable or not", () => {
    let calls = 0;
    const spread = {
      type: "json_schema",
      toJSON() {
        calls++;
        return { ...this };
      },
    };
    const hidden = { type: "text" };
    Object.defineProperty(hidden, "toJSON", { value: () => ({ type: "json_object" }), enumerable: false });
    // a BigInt forces the safe walk (JSON.stringify throws on it), so the walk itself is what is measured
    const out = JSON.parse(encodeBySafeWalk({ spread, hidden, big: 1n })) as Record<string, unknown>;
    expect(calls).toBe(1);
    expect(out).toEqual({ spread: { type: "json_schema", toJSON: "[Function toJSON]" }, hidden: { type: "json_object" }, big: "1" });
  });

  it("never records API keys, Authorization headers or passwords", () => {
    const out = decode({ apiKey: "sk-secret", headers: { Authorization: "Bearer sk-secret", "x-api-key": "k" }, password: "p", model: "gpt" });
    expect(JSON.stringify(out)).not.toContain("sk-secret");
    expect(out).toEqual({ apiKey: "[REDACTED]", headers: { Authorization: "[REDACTED]", "x-api-key": "[REDACTED]" }, password: "[REDACTED]", model: "gpt" });
  });

  it("truncates a field over the cap with a visible marker and the original size", () => {
    const huge = "x".repeat(50_000);
    const encoded = encodeJson({ text: huge }, 1000);
    expect(encoded.length).toBeLessThan(1200);
    const text = JSON.parse(encoded) as string;
    expect(text.startsWith('{"text":"xxx')).toBe(true);
    expect(text).toMatch(/…\[truncated by traceloom: (more than )?\d+ chars in all\]$/);
    const giant = encodeJson("y".repeat(5_000_000), 2000);
    expect(JSON.parse(giant)).toMatch(/^y{2000}…\[truncated by traceloom: 5000000 chars in all\]$/);
  });

  it("caps deep structures without recursing forever", () => {
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 10_000; i++) deep = { next: deep };
    const encoded = encodeJson(deep);
    expect(encoded).toContain("[MaxDepth]");
  });

  it("records a traced call with hostile arguments without disturbing the call", async () => {
    const circular: Record<string, unknown> = {};
    circular.me = circular;
    const f = trace(function handle(payload: unknown, bin: Buffer) {
      return { got: typeof payload, size: bin.length, big: 10n };
    });
    expect(f(circular, Buffer.alloc(10_000))).toEqual({ got: "object", size: 10_000, big: 10n });
    const s = (await lastTrace()).rootSpan!;
    expect(s.inputs).toEqual({ payload: { me: "[Circular]" }, bin: expect.objectContaining({ type: "Buffer", byteLength: 10_000 }) });
    expect(s.outputs).toEqual({ got: "object", size: 10_000, big: "10" });
  });

  it("applies the redact hook to inputs and outputs, and survives a throwing hook", async () => {
    const warn = vi.fn();
    await configure({
      trackingUri: "memory:",
      logger: warn,
      redact: (value, ctx) => {
        if (ctx.spanName === "explodes") throw new Error("hook bug");
        return JSON.parse(JSON.stringify(value).replace(/\d{3}-\d{4}/g, "***-****"));
      },
    });
    await withSpan({ name: "call", inputs: { phone: "555-1234" } }, async (s) => s.setOutputs("call 555-9999"));
    const s = (await lastTrace()).rootSpan!;
    expect(s.inputs).toEqual({ phone: "***-****" });
    expect(s.outputs).toBe("call ***-****");
    await withSpan({ name: "explodes", inputs: { secret: 1 } }, () => undefined);
    expect((await lastTrace()).rootSpan!.inputs).toBe("[redaction failed]");
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toContain("redact hook threw");
  });
});

describe("capture never throws into the caller", () => {
  it("handles a throwing proxy before other keys, and a revoked proxy at the top level", async () => {
    const trap = new Proxy({}, { ownKeys: () => { throw new Error("no keys for you"); } });
    expect(decode({ trap, ok: 1 })).toEqual({ trap: "[Unserializable: Error: no keys for you]", ok: 1 });
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(decode(proxy)).toMatch(/^\[Unserializable: TypeError: .*revoked/);
    const handle = trace(function getHandle() {
      return proxy;
    });
    expect(handle()).toBe(proxy);
  });

  it("span methods swallow hostile arguments", async () => {
    const evil = {
      get input_tokens(): number {
        throw new Error("getter");
      },
    };
    await withSpan("hostile", (s) => {
      expect(() => s.setTokenUsage(evil)).not.toThrow();
      expect(() => s.addEvent("e", evil as unknown as Record<string, unknown>)).not.toThrow();
      expect(() => s.setAttributes(new Proxy({}, { ownKeys: () => { throw new Error("x"); } }))).not.toThrow();
    });
    expect((await lastTrace()).rootSpan!.name).toBe("hostile");
  });

  it("redacts secrets given as top-level attribute and event keys", async () => {
    await withSpan("call", (s) => {
      s.setAttribute("authorization", "Bearer sk-live-123");
      s.setAttributes({ apiKey: "sk-live-456", model: "gpt" });
      s.addEvent("request", { "x-api-key": "sk-live-789", attempt: 1 });
    });
    const t = await lastTrace();
    expect(JSON.stringify(t.toJSON())).not.toMatch(/sk-live/);
    expect(t.rootSpan!.attribute("authorization")).toBe("[REDACTED]");
    expect(t.rootSpan!.attribute("model")).toBe("gpt");
    expect(t.rootSpan!.events[0].attributes).toEqual({ "x-api-key": "[REDACTED]", attempt: 1 });
  });
});
