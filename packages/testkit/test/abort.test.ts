import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { startFakeOpenAI } from "../src/index.js";
import { useFake } from "./setup.js";

const { fake, client } = useFake();

const user = (content: string) => [{ role: "user" as const, content }];

describe("delays, aborts and broken streams", () => {
  it("aborts a delayed reply with an AbortSignal", async () => {
    // The reply would take longer than the test's timeout: only the abort can end the call in time.
    fake().script({ text: "too late", delayMs: 120_000 });
    const controller = new AbortController();
    const pending = client().chat.completions.create({ model: "m", messages: user("slow") }, { signal: controller.signal });
    const outcome = pending.then(
      () => "resolved",
      (e: unknown) => e,
    );
    for (let i = 0; i < 500 && fake().requests.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(fake().requests).toHaveLength(1);
    controller.abort();
    expect(await outcome).toBeInstanceOf(OpenAI.APIUserAbortError);
  });

  it("serves concurrent delayed requests independently", async () => {
    fake().setHandler((_b, ctx) => ({ text: `answer to ${ctx.lastUserText}`, delayMs: ctx.lastUserText === "slow" ? 150 : 10 }));
    const order: string[] = [];
    const call = (q: string) =>
      client()
        .chat.completions.create({ model: "m", messages: user(q) })
        .then((r) => order.push(r.choices[0].message.content!));
    await Promise.all([call("slow"), call("fast")]);
    expect(order).toEqual(["answer to fast", "answer to slow"]);
  });

  it("stalls a stream mid-way until the client aborts it", async () => {
    fake().script({ text: "one two three four five", interrupt: { mode: "stall", after: 3 } });
    const controller = new AbortController();
    const stream = await client().chat.completions.create(
      { model: "m", messages: user("x"), stream: true },
      { signal: controller.signal },
    );
    const pieces: string[] = [];
    const consumed = (async () => {
      for await (const chunk of stream) {
        pieces.push(chunk.choices[0]?.delta?.content ?? "");
        if (pieces.length === 3) setTimeout(() => controller.abort(), 30);
      }
    })();
    // openai v7 ends the iteration quietly when the caller aborts a stream
    await consumed;
    expect(controller.signal.aborted).toBe(true);
    // role chunk + "one " + "two " were sent before the stall; nothing after
    expect(pieces).toEqual(["", "one ", "two "]);
  });

  it("breaks a stream mid-way as a network error", async () => {
    fake().script({ text: "alpha beta gamma delta", interrupt: { mode: "break", after: 2 } });
    const stream = await client().chat.completions.create({ model: "m", messages: user("x"), stream: true });
    const pieces: string[] = [];
    const consumed = (async () => {
      for await (const chunk of stream) pieces.push(chunk.choices[0]?.delta?.content ?? "");
    })();
    const err = await consumed.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(OpenAI.APIUserAbortError);
    // undici reports the truncated body as "terminated" (cause: UND_ERR_SOCKET)
    expect((err as Error).message).toMatch(/terminated/);
    expect(pieces).toEqual(["", "alpha "]);
  });

  it("breaks a non-streaming request as APIConnectionError", async () => {
    fake().script({ text: "never", interrupt: { mode: "break" } });
    await expect(client().chat.completions.create({ model: "m", messages: user("x") })).rejects.toBeInstanceOf(
      OpenAI.APIConnectionError,
    );
  });

  it("paces chunks with chunkDelayMs", async () => {
    fake().script({ text: "a b c", chunkDelayMs: 40 });
    const started = Date.now();
    const stream = await client().chat.completions.create({ model: "m", messages: user("x"), stream: true });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
    expect(text).toBe("a b c");
    // 6 events (role, 3 words, finish, [DONE]) → 5 gaps of 40 ms
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it("close() ends stalled and delayed requests at once", async () => {
    const own = await startFakeOpenAI();
    const c = new OpenAI({ baseURL: own.url, apiKey: "k", maxRetries: 0 });
    own.script({ text: "x", delayMs: 60_000 }, { text: "y", interrupt: { mode: "stall" } });
    const delayed = c.chat.completions.create({ model: "m", messages: user("a") }).catch((e: unknown) => e);
    const stalled = c.chat.completions.create({ model: "m", messages: user("b") }).catch((e: unknown) => e);
    for (let i = 0; i < 50 && own.requests.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect(own.requests).toHaveLength(2);
    // The delayed reply outlives the test's timeout: only close() can settle both calls in time.
    await own.close();
    const [a, b] = await Promise.all([delayed, stalled]);
    expect(a).toBeInstanceOf(OpenAI.APIConnectionError);
    expect(b).toBeInstanceOf(OpenAI.APIConnectionError);
    await own.close(); // idempotent
  });
});
