import { ApiError, GoogleGenAI, type EmbedContentResponse, type GenerateContentResponse, type Part } from "@google/genai";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startFakeGemini, type FakeGemini } from "../src/index.js";
import { renderGenerate, renderStream } from "../src/gemini/render.js";

let fake: FakeGemini;
let ai: GoogleGenAI;
beforeAll(async () => {
  fake = await startFakeGemini();
  ai = new GoogleGenAI({ apiKey: "test-key", httpOptions: { baseUrl: fake.url } });
});
afterEach(() => fake.reset());
afterAll(() => fake.close());

describe("fake Gemini server, read by @google/genai", () => {
  it("renders bodies the SDK's own types describe", () => {
    // Compile-time check: what the fake sends is assignable to the SDK's response type.
    const body: GenerateContentResponse = renderGenerate({ text: "hi", functionCalls: [{ name: "f", args: { a: 1 } }] }, "m", 3, "r1") as GenerateContentResponse;
    const chunk: GenerateContentResponse = renderStream({ text: "a b" }, "m", 3, "r1")[0].data as GenerateContentResponse;
    expect(body.candidates?.[0].content?.parts).toHaveLength(2);
    expect(chunk.candidates?.[0].finishReason).toBeUndefined();
  });

  it("answers generateContent with text and usage; the SDK sends the key in x-goog-api-key", async () => {
    const r = await ai.models.generateContent({ model: "gemini-2.5-flash", contents: "say hello please" });
    expect(r.text).toBe("Echo: say hello please");
    expect(r.usageMetadata).toMatchObject({ promptTokenCount: 3, candidatesTokenCount: 4, totalTokenCount: 7 });
    expect(r.candidates?.[0].finishReason).toBe("STOP");
    expect(r.modelVersion).toBe("gemini-2.5-flash");
    expect(fake.requests[0].path).toMatch(/^\/v1(?:beta)?\/models\/gemini-2.5-flash:generateContent$/);
    expect(fake.requests[0].headers["x-goog-api-key"]).toBe("test-key");
  });

  it("streams over SSE: one chunk per word, finishReason and output tokens on the last", async () => {
    fake.script({ text: "one two three", usage: { input: 5, output: 3 } });
    const chunks: GenerateContentResponse[] = [];
    for await (const c of await ai.models.generateContentStream({ model: "gemini-2.5-flash", contents: "count" })) chunks.push(c);
    expect(chunks.map((c) => c.text ?? "")).toEqual(["one ", "two ", "three", ""]);
    expect(chunks.at(-1)?.candidates?.[0].finishReason).toBe("STOP");
    expect(chunks.at(-1)?.usageMetadata).toMatchObject({ promptTokenCount: 5, candidatesTokenCount: 3, totalTokenCount: 8 });
    expect(fake.requests[0].query.alt).toBe("sse");
  });

  it("asks for function calls and sees the function responses of the next turn", async () => {
    fake.setHandler((_body, ctx) => (ctx.functionResponses.length === 0 ? { functionCalls: [{ name: "weather", args: { city: "Oslo" } }] } : `It is ${JSON.stringify(ctx.functionResponses[0].response)}`));
    const first = await ai.models.generateContent({ model: "m", contents: "weather in Oslo?" });
    expect(first.functionCalls).toEqual([{ name: "weather", args: { city: "Oslo" } }]);
    const reply: Part = { functionResponse: { name: "weather", response: { sky: "clear" } } };
    const second = await ai.models.generateContent({
      model: "m",
      contents: [{ role: "user", parts: [{ text: "weather in Oslo?" }] }, first.candidates![0].content!, { role: "user", parts: [reply] }],
    });
    expect(second.text).toBe('It is {"sky":"clear"}');
  });

  it("embeds through batchEmbedContents with deterministic vectors", async () => {
    const r: EmbedContentResponse = await ai.models.embedContent({ model: "text-embedding-004", contents: ["a", "b"] });
    expect(r.embeddings).toHaveLength(2);
    expect(r.embeddings?.[0].values).toHaveLength(8);
    expect(fake.requests[0].path).toMatch(/^\/v1(?:beta)?\/models\/text-embedding-004:batchEmbedContents$/);
  });

  it("fails with Gemini's error body, which the SDK raises as ApiError", async () => {
    fake.script({ error: { code: 429, message: "quota" } });
    const err = await ai.models.generateContent({ model: "m", contents: "x" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(429);
    expect((err as ApiError).message).toContain("RESOURCE_EXHAUSTED");
  });

  it("rejects a request without contents as the API does", async () => {
    const res = await fetch(`${fake.url}/v1beta/models/m:generateContent`, { method: "POST", headers: { "x-goog-api-key": "k" }, body: "{}" });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { status: string } }).error.status).toBe("INVALID_ARGUMENT");
  });

  it("lets a stream be cut after some events", async () => {
    fake.script({ text: "a b c d", interrupt: { mode: "break", after: 2 } });
    const seen: string[] = [];
    const err = await (async () => {
      for await (const c of await ai.models.generateContentStream({ model: "m", contents: "x" })) seen.push(c.text ?? "");
    })().catch((e: unknown) => e);
    expect(seen).toEqual(["a ", "b "]);
    expect(err).toBeInstanceOf(Error);
  });
});
