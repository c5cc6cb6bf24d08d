import { describe, expect, it } from "vitest";
import { embedText, toBase64Float32 } from "../src/index.js";
import { useFake } from "./setup.js";

const { fake, client } = useFake();

const cosine = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);

describe("embeddings", () => {
  it("serves base64 float32 that the SDK decodes to the deterministic vectors", async () => {
    const res = await client().embeddings.create({
      model: "text-embedding-3-small",
      input: ["cats purr softly", "dogs bark loudly"],
    });
    expect(fake().requests[0].body.encoding_format).toBe("base64");
    expect(res.object).toBe("list");
    expect(res.model).toBe("text-embedding-3-small");
    expect(res.usage).toEqual({ prompt_tokens: 6, total_tokens: 6 });
    expect(res.data.map((d) => d.index)).toEqual([0, 1]);
    for (const [i, text] of ["cats purr softly", "dogs bark loudly"].entries()) {
      const vector = res.data[i].embedding;
      expect(Array.isArray(vector)).toBe(true);
      expect(vector).toHaveLength(8);
      const expected = embedText(text, 8);
      vector.forEach((x, j) => expect(x).toBeCloseTo(expected[j], 6));
    }
  });

  it("serves floats with encoding_format float and honours dimensions", async () => {
    const res = await client().embeddings.create({
      model: "text-embedding-3-small",
      input: "hello world",
      encoding_format: "float",
      dimensions: 32,
    });
    expect(res.data[0].embedding).toEqual(embedText("hello world", 32));
    expect(Math.hypot(...res.data[0].embedding)).toBeCloseTo(1, 10);
  });

  it("is deterministic and ranks texts sharing words higher", async () => {
    const query = embedText("How do I bake sourdough bread?", 64);
    const related = embedText("Sourdough bread needs a starter to bake", 64);
    const unrelated = embedText("The stock market fell sharply today", 64);
    expect(embedText("How do I bake sourdough bread?", 64)).toEqual(query);
    expect(cosine(query, related)).toBeGreaterThan(0.5);
    expect(cosine(query, related)).toBeGreaterThan(cosine(query, unrelated));
    expect(embedText("", 4)).toEqual([1, 0, 0, 0]);
  });

  it("encodes base64 as little-endian float32", () => {
    const b64 = toBase64Float32([1, -0.5]);
    const buf = Buffer.from(b64, "base64");
    expect([buf.readFloatLE(0), buf.readFloatLE(4)]).toEqual([1, -0.5]);
  });

  it("does not consume scripted chat replies, but honours handler errors", async () => {
    fake().script("for chat");
    await client().embeddings.create({ model: "text-embedding-3-small", input: "x" });
    expect(fake().pending).toBe(1);
    fake().setHandler((_b, ctx) => (ctx.endpoint === "embeddings" ? { error: { status: 429 } } : undefined));
    await expect(client().embeddings.create({ model: "text-embedding-3-small", input: "x" })).rejects.toMatchObject({
      status: 429,
    });
  });

  it("returns scripted vectors", async () => {
    fake().setHandler(() => ({ embeddings: [[0.25, 0.5, 0.75]] }));
    const res = await client().embeddings.create({ model: "text-embedding-3-small", input: "anything" });
    expect(res.data[0].embedding).toEqual([0.25, 0.5, 0.75]);
  });
});
