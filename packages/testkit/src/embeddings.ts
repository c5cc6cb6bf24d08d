import { promptTexts } from "./conversation.js";
import type { Rendered, RenderMeta } from "./render.js";
import type { ResolvedReply } from "./script.js";

type MessageReply = Extract<ResolvedReply, { kind: "message" }>;

/** Words too common to carry meaning; dropped so that similarity reflects content words. */
const STOP_WORDS = new Set(
  "a an and are as at be by for from has have in is it its of on or that the this to was were what which who will with".split(
    " ",
  ),
);

/** Largest dimension accepted from a request (bounds the work per input). */
const MAX_DIMENSIONS = 4096;

function fnv1a(word: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) {
    hash ^= word.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * Deterministic embedding of `text`: a signed hashed bag of lower-cased words (stop words dropped), L2-normalised.
 * Texts sharing content words get a high cosine similarity; a text with no content words maps to the first unit
 * vector, so the result is never the zero vector.
 */
export function embedText(text: string, dimensions = 8): number[] {
  const dims = Math.max(1, Math.min(MAX_DIMENSIONS, Math.floor(dimensions)));
  const vector = new Array<number>(dims).fill(0);
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  for (const word of words) {
    if (STOP_WORDS.has(word)) continue;
    const hash = fnv1a(word);
    vector[hash % dims] += hash & 0x80000000 ? -1 : 1;
  }
  const norm = Math.hypot(...vector);
  if (norm === 0) {
    vector[0] = 1;
    return vector;
  }
  return vector.map((x) => x / norm);
}

/** Encode a vector as OpenAI does for `encoding_format: "base64"`: little-endian float32 bytes, base64. */
export function toBase64Float32(vector: number[]): string {
  const buf = Buffer.alloc(vector.length * 4);
  vector.forEach((x, i) => buf.writeFloatLE(x, i * 4));
  return buf.toString("base64");
}

/** Render an embeddings `list` for `body` (`input` string(s) or token arrays; `dimensions`; `encoding_format`). */
export function renderEmbeddings(body: any, reply: MessageReply, meta: RenderMeta, defaultDimensions: number): Rendered {
  const texts = promptTexts(body?.input);
  const dims = typeof body?.dimensions === "number" && body.dimensions > 0 ? body.dimensions : defaultDimensions;
  const base64 = body?.encoding_format === "base64";
  const tokens = reply.usage.input ?? meta.inputTokens;
  return {
    json: {
      object: "list",
      data: texts.map((text, index) => {
        const vector = reply.embeddings?.[index] ?? embedText(text, dims);
        return { object: "embedding", index, embedding: base64 ? toBase64Float32(vector) : vector };
      }),
      model: typeof body?.model === "string" ? body.model : "",
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    },
  };
}
