import { request } from "node:http";
import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { startFakeOpenAI } from "../src/index.js";
import { useFake } from "./setup.js";

const { fake, client } = useFake();

/** Raw HTTP call, to check wire details the SDK hides. */
function raw(url: string, method: string, body?: string): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: { "content-type": "application/json" } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("server", () => {
  it("binds 127.0.0.1 on a free port and exposes a /v1 base URL", () => {
    expect(fake().url).toBe(`http://127.0.0.1:${fake().port}/v1`);
    expect(fake().port).toBeGreaterThan(0);
  });

  it("records method, path, headers and parsed body", async () => {
    await client().chat.completions.create(
      { model: "gpt-4o-mini", messages: [{ role: "user", content: "record me" }], temperature: 0.2 },
      { headers: { traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" } },
    );
    const [rec] = fake().requests;
    expect(rec.method).toBe("POST");
    expect(rec.path).toBe("/v1/chat/completions");
    expect(rec.endpoint).toBe("chat");
    expect(rec.headers.authorization).toBe("Bearer sk-test");
    expect(rec.headers.traceparent).toBe("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    expect(rec.body).toEqual({ model: "gpt-4o-mini", messages: [{ role: "user", content: "record me" }], temperature: 0.2 });
  });

  it("reset() clears requests, the queue, the handler and the id counters", async () => {
    fake().script("queued", "queued too");
    fake().setHandler(() => "handled");
    await client().chat.completions.create({ model: "m", messages: [{ role: "user", content: "a" }] });
    const requests = fake().requests;
    fake().reset();
    expect(requests).toHaveLength(0); // same live array
    expect(fake().pending).toBe(0);
    const res = await client().chat.completions.create({ model: "m", messages: [{ role: "user", content: "b" }] });
    expect(res.id).toBe("chatcmpl-1");
    expect(res.choices[0].message.content).toBe("Echo: b");
  });

  it("writes SSE frames as data lines, named events for responses, and [DONE]", async () => {
    const chat = await raw(`${fake().url}/chat/completions`, "POST", JSON.stringify({ model: "m", stream: true, messages: [{ role: "user", content: "hi" }] }));
    expect(chat.headers["content-type"]).toBe("text/event-stream; charset=utf-8");
    const frames = chat.text.split("\n\n").filter(Boolean);
    expect(frames.every((f) => f.startsWith("data: "))).toBe(true);
    expect(frames.at(-1)).toBe("data: [DONE]");
    const resp = await raw(`${fake().url}/responses`, "POST", JSON.stringify({ model: "m", stream: true, input: "hi" }));
    expect(resp.text.startsWith('event: response.created\ndata: {"type":"response.created"')).toBe(true);
    expect(resp.text).not.toContain("[DONE]");
  });

  it("answers unknown routes, wrong methods and bad JSON with OpenAI-shaped errors", async () => {
    const notFound = await raw(`${fake().url}/nothing`, "GET");
    expect(notFound.status).toBe(404);
    expect(JSON.parse(notFound.text)).toEqual({
      error: { message: "Invalid URL (GET /v1/nothing)", type: "invalid_request_error", param: null, code: null },
    });
    const wrong = await raw(`${fake().url}/chat/completions`, "GET");
    expect(wrong.status).toBe(405);
    const bad = await raw(`${fake().url}/chat/completions`, "POST", "{not json");
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).error.message).toMatch(/could not parse the JSON body/);
  });

  it("accepts paths without the /v1 prefix", async () => {
    const noPrefix = new OpenAI({ baseURL: fake().url.replace(/\/v1$/, ""), apiKey: "k", maxRetries: 0 });
    const res = await noPrefix.chat.completions.create({ model: "m", messages: [{ role: "user", content: "plain" }] });
    expect(res.choices[0].message.content).toBe("Echo: plain");
    expect(fake().requests[0].path).toBe("/chat/completions");
  });

  it("honours the port, embedding dimension and handler options", async () => {
    const first = await startFakeOpenAI();
    const port = first.port;
    await first.close();
    const own = await startFakeOpenAI({ port, embeddingDimensions: 16, handler: () => "from options", now: () => 1_700_000_000_000 });
    try {
      expect(own.port).toBe(port);
      const c = new OpenAI({ baseURL: own.url, apiKey: "k", maxRetries: 0 });
      const emb = await c.embeddings.create({ model: "e", input: "sixteen dims" });
      expect(emb.data[0].embedding).toHaveLength(16);
      const res = await c.chat.completions.create({ model: "m", messages: [{ role: "user", content: "x" }] });
      expect(res.choices[0].message.content).toBe("from options");
      expect(res.created).toBe(1_700_000_000);
      own.setHandler(undefined);
      own.reset(); // restores the handler given in the options
      const again = await c.chat.completions.create({ model: "m", messages: [{ role: "user", content: "x" }] });
      expect(again.choices[0].message.content).toBe("from options");
    } finally {
      await own.close();
    }
  });
});
