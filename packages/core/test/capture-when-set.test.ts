import { beforeEach, describe, expect, it } from "vitest";
import { configure, encodeJson, trace, withSpan } from "../src/index.js";
import { captureValue, CapturedValue, encodeHeld } from "../src/serialize/capture.js";
import { isSecretKey, SHORTEST_SECRET_KEY } from "../src/serialize/sanitize.js";
import { lastTrace, useMemoryStore } from "./helpers.js";

beforeEach(async () => {
  await useMemoryStore();
});

describe("values are captured when set and encoded at export", () => {
  it("records inputs and outputs as they were when set, whatever the caller mutates afterwards", async () => {
    const messages = [{ role: "user", content: "first question" }];
    const reply = { answer: ["a"], meta: { n: 1 } };
    const step = trace(function step(request: { messages: typeof messages }) {
      expect(request.messages).toHaveLength(1);
      return reply;
    });
    const agent = trace(function agent() {
      const out = step({ messages });
      messages.push({ role: "assistant", content: "added after the call" });
      messages[0].content = "changed after the call";
      out.answer.push("b");
      out.meta.n = 2;
      return "done";
    });
    agent();
    const t = await lastTrace();
    const span = t.spans.find((s) => s.name === "step")!;
    expect(span.inputs).toEqual({ request: { messages: [{ role: "user", content: "first question" }] } });
    expect(span.outputs).toEqual({ answer: ["a"], meta: { n: 1 } });
  });

  it("runs getters when the value is set, as JSON.stringify would then", async () => {
    let reads = 0;
    const value = {
      get lazy() {
        reads++;
        return `read ${reads}`;
      },
    };
    await withSpan("getter", (s) => {
      s.setInputs(value);
      expect(reads).toBe(1);
    });
    expect((await lastTrace()).rootSpan!.inputs).toEqual({ lazy: "read 1" });
    expect(reads).toBe(1);
  });

  it("encodes a copy to exactly what encoding the original gives, own keys in order, __proto__ kept as data", () => {
    const values: unknown[] = [
      "text with \"quotes\", \\ and \u2028 and emoji 🙂",
      { b: 1, a: [1, "x", null, undefined, true], 2: "int key first", nested: { deep: [{ k: -0 }] } },
      JSON.parse('{"__proto__": {"polluted": true}, "x": 1}'),
      Object.assign(Object.create(null), { nullProto: true }),
      [undefined, , 3],
    ];
    for (const v of values) {
      const held = captureValue(v, 1_000_000);
      expect(held).toBeInstanceOf(CapturedValue);
      expect(encodeHeld(held)).toBe(encodeJson(v));
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("encodes at once what is not plain data, secret keys included, so redaction and safe forms still apply", () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    for (const v of [cyclic, { apiKey: "sk-live-1" }, new Date(0), { buf: Buffer.from("x") }, { n: Number.NaN }, 12n]) {
      const held = captureValue(v, 1_000_000);
      expect(typeof held).toBe("string");
      expect(held).toBe(encodeJson(v));
    }
    expect(captureValue({ apiKey: "sk-live-1" }, 1_000_000)).not.toContain("sk-live");
  });

  it("skips the secret-key lookup only for keys too short to name a secret", () => {
    const secrets = ["apikey", "api_key", "API-KEY", "x-api-key", "authorization", "password", "passwd", "secret", "cookie", "set-cookie", "access_token", "refresh-token", "client_secret", "openai_api_key"];
    for (const key of secrets) {
      expect(isSecretKey(key), key).toBe(true);
      expect(key.length).toBeGreaterThanOrEqual(SHORTEST_SECRET_KEY);
      expect(captureValue({ [key]: "sk-live-1" }, 1_000_000)).not.toContain("sk-live");
    }
    for (let length = 1; length < SHORTEST_SECRET_KEY; length++) {
      for (const key of ["apikey", "secret", "cookie", "passwd"].map((k) => k.slice(0, length))) expect(isSecretKey(key)).toBe(false);
    }
  });

  it("records a value over the cap exactly as encoding it at once would, holding only about the cap until export", async () => {
    const messages = (n: number, size: number) => Array.from({ length: n }, (_, i) => ({ role: i % 2 ? "assistant" : "user", content: `${i}:`.padEnd(size, "w") }));
    const cases: [string, unknown][] = [
      ["a long string", "x".repeat(5_000)],
      ["an object holding one", { text: "x".repeat(5_000) }],
      ["chat messages over the cap", { model: "m", messages: messages(400, 50) }],
      ["a string crossing the cut, then more keys", { a: "y".repeat(900), b: "z".repeat(900), c: 1, d: [1, 2, 3] }],
      ["an array of arrays", Array.from({ length: 60 }, (_, i) => [i, "q".repeat(40), { k: true }])],
      ["numbers and keys only past the cut", { head: "h".repeat(1_200), tail: Array.from({ length: 500 }, (_, i) => i) }],
      ["just over the cap by quotes", { s: '"'.repeat(600) }],
    ];
    for (const [label, value] of cases) {
      const held = captureValue(value, 1_000);
      expect(held, label).toBeInstanceOf(CapturedValue);
      expect(encodeHeld(held), label).toBe(encodeJson(value, 1_000));
      expect(encodeHeld(held), label).toContain("truncated by traceloom");
    }
    const huge = messages(2_000, 500);
    const held = captureValue(huge, 1_000) as CapturedValue;
    expect(held.truncated).toBe(true);
    // Items past the cut are not copied: the copy holds a few messages and keeps the array's length.
    expect((held.value as unknown[]).filter((m) => m !== undefined).length).toBeLessThan(5);
    expect((held.value as unknown[]).length).toBe(2_000);
    await configure({ trackingUri: "memory:", maxFieldBytes: 1_000 });
    await withSpan("capped", (s) => s.setOutputs({ text: "x".repeat(5_000) }));
    expect(String((await lastTrace()).rootSpan!.outputs)).toContain("truncated by traceloom");
  });

  it("derives previews from the captured values, as from their JSON", async () => {
    const chat = trace(function chat(request: { messages: { role: string; content: string }[] }) {
      return { choices: [{ message: { role: "assistant", content: `the answer to ${request.messages.length} messages` } }] };
    });
    chat({ messages: [{ role: "system", content: "be brief" }, { role: "user", content: "the question" }] });
    const info = (await lastTrace()).info;
    expect(info.requestPreview).toBe("the question");
    expect(info.responsePreview).toBe("the answer to 2 messages");
  });
});
