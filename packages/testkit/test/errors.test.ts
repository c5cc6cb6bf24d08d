import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { replyByMatch, startFakeOpenAI } from "../src/index.js";
import { useFake } from "./setup.js";

const { fake, client } = useFake();

const ask = (content = "hi") => client().chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content }] });

describe("errors", () => {
  it.each([
    [400, OpenAI.BadRequestError, "invalid_request_error", null],
    [401, OpenAI.AuthenticationError, "invalid_request_error", "invalid_api_key"],
    [429, OpenAI.RateLimitError, "requests", "rate_limit_exceeded"],
    [500, OpenAI.InternalServerError, "server_error", null],
    [503, OpenAI.InternalServerError, "server_error", null],
  ] as const)("status %i surfaces as the SDK's error class", async (status, ErrorClass, type, code) => {
    fake().script({ error: { status } });
    const err = await ask().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect(err).toBeInstanceOf(ErrorClass);
    expect(err).toMatchObject({ status, type, code, param: null });
    expect((err as InstanceType<typeof OpenAI.APIError>).requestID).toMatch(/^req_\d+$/);
  });

  it("uses the scripted message, code and headers", async () => {
    fake().script({ error: { status: 400, message: "context_length_exceeded: too long", code: "context_length_exceeded", param: "messages" }, headers: { "x-custom": "yes" } });
    const err = (await ask().catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(err.status).toBe(400);
    expect(err.message).toContain("context_length_exceeded: too long");
    expect(err.error).toEqual({ message: "context_length_exceeded: too long", type: "invalid_request_error", param: "messages", code: "context_length_exceeded" });
    expect(err.headers?.get("x-custom")).toBe("yes");
  });

  it("lets the SDK retry a 503 and then succeed", async () => {
    const retrying = new OpenAI({ baseURL: fake().url, apiKey: "k", maxRetries: 2 });
    fake().script({ error: { status: 503 }, headers: { "retry-after-ms": "1" } }, "recovered");
    const res = await retrying.chat.completions.create({ model: "m", messages: [{ role: "user", content: "x" }] });
    expect(res.choices[0].message.content).toBe("recovered");
    expect(fake().requests).toHaveLength(2);
  });

  it("x-should-retry: false stops the SDK's retries", async () => {
    const retrying = new OpenAI({ baseURL: fake().url, apiKey: "k", maxRetries: 3 });
    fake().script({ error: { status: 429, retryable: false } }, "never reached");
    await expect(retrying.chat.completions.create({ model: "m", messages: [{ role: "user", content: "x" }] })).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    expect(fake().requests).toHaveLength(1);
    expect(fake().pending).toBe(1);
  });

  it("routes errors by message with replyByMatch", async () => {
    fake().setHandler(replyByMatch([[/boom/, { error: { status: 500, message: "kaboom" } }], ["hello", "hi there"]], "fallback"));
    await expect(ask("boom now")).rejects.toMatchObject({ status: 500, error: { message: "kaboom" } });
    expect((await ask("hello you")).choices[0].message.content).toBe("hi there");
    expect((await ask("other")).choices[0].message.content).toBe("fallback");
  });

  it("rejects requests OpenAI would reject, and unknown routes", async () => {
    await expect(client().chat.completions.create({ model: "", messages: [{ role: "user", content: "x" }] })).rejects.toMatchObject({
      status: 400,
      error: { param: "model" },
    });
    await expect(client().chat.completions.create({ model: "m", messages: [] })).rejects.toMatchObject({ status: 400, error: { param: "messages" } });
    await expect(client().post("/nope", { body: {} })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(client().models.retrieve("no-such-model")).rejects.toMatchObject({ status: 404, code: "model_not_found" });
  });

  it("turns a throwing handler into a 500 naming the cause", async () => {
    fake().setHandler(() => {
      throw new Error("bad script");
    });
    await expect(ask()).rejects.toMatchObject({ status: 500, error: { message: "fake-openai handler failed: bad script" } });
  });

  it("checks the API key when configured", async () => {
    const strict = await startFakeOpenAI({ apiKey: "sk-right" });
    try {
      const wrong = new OpenAI({ baseURL: strict.url, apiKey: "sk-wrong", maxRetries: 0 });
      await expect(wrong.models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
      const right = new OpenAI({ baseURL: strict.url, apiKey: "sk-right", maxRetries: 0 });
      const page = await right.models.list();
      expect(page.data.map((m) => m.id)).toContain("gpt-4o-mini");
    } finally {
      await strict.close();
    }
  });
});
