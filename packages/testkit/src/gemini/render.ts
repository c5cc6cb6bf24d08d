import { embedText } from "../embeddings.js";
import type { SseEvent } from "../render.js";
import { countWords, splitWords } from "../text.js";
import { contentText } from "./request.js";
import type { GeminiFunctionCallSpec, GeminiMessageReply } from "./types.js";

type Obj = Record<string, any>;

/** Words of every text part the request sends (contents and system instruction): the fake prompt token count. */
export function promptTokens(body: Obj): number {
  const contents: unknown[] = Array.isArray(body.contents) ? body.contents : [];
  const texts = [...contents, body.systemInstruction].map(contentText);
  return Math.max(1, texts.reduce((n, t) => n + countWords(t), 0));
}

function functionCallPart(call: GeminiFunctionCallSpec): Obj {
  return { functionCall: { ...(call.id ? { id: call.id } : {}), name: call.name, args: call.args ?? {} } };
}

function usageMetadata(reply: GeminiMessageReply, prompt: number, text: string): Obj {
  const input = reply.usage?.input ?? prompt;
  const output = reply.usage?.output ?? Math.max(1, countWords(text) + (reply.functionCalls?.length ?? 0));
  const thoughts = reply.usage?.thoughts;
  return {
    promptTokenCount: input,
    candidatesTokenCount: output,
    totalTokenCount: input + output + (thoughts ?? 0),
    ...(thoughts ? { thoughtsTokenCount: thoughts } : {}),
    promptTokensDetails: [{ modality: "TEXT", tokenCount: input }],
  };
}

/** A `generateContent` response body, exactly as the Gemini API shapes it. */
export function renderGenerate(reply: GeminiMessageReply, model: string, prompt: number, responseId: string): Obj {
  const text = reply.text ?? "";
  const parts: Obj[] = [...(text ? [{ text }] : []), ...(reply.functionCalls ?? []).map(functionCallPart)];
  return {
    candidates: [{ content: { parts, role: "model" }, finishReason: reply.finishReason ?? "STOP", index: 0 }],
    usageMetadata: usageMetadata(reply, prompt, text),
    modelVersion: model,
    responseId,
  };
}

/**
 * The SSE events of `streamGenerateContent?alt=sse`: one chunk per word, the function calls whole in the last
 * chunk, which alone carries `finishReason` and the output token count (earlier chunks count the prompt only).
 */
export function renderStream(reply: GeminiMessageReply, model: string, prompt: number, responseId: string): SseEvent[] {
  const full = renderGenerate(reply, model, prompt, responseId);
  const words = reply.text ? splitWords(reply.text) : [];
  const calls = (reply.functionCalls ?? []).map(functionCallPart);
  const input = full.usageMetadata.promptTokenCount as number;
  const events: SseEvent[] = words.map((word) => ({
    data: {
      candidates: [{ content: { parts: [{ text: word }], role: "model" }, index: 0 }],
      usageMetadata: { promptTokenCount: input, totalTokenCount: input, promptTokensDetails: [{ modality: "TEXT", tokenCount: input }] },
      modelVersion: model,
      responseId,
    },
  }));
  const lastParts = calls.length > 0 || words.length === 0 ? calls : [{ text: "" }];
  events.push({
    data: {
      candidates: [{ content: { parts: lastParts, role: "model" }, finishReason: full.candidates[0].finishReason, index: 0 }],
      usageMetadata: full.usageMetadata,
      modelVersion: model,
      responseId,
    },
  });
  return events;
}

/** `embedContent` (`{embedding}`) or `batchEmbedContents` (`{embeddings}`) for the texts of the request. */
export function renderEmbeddings(body: Obj, batch: boolean, dimensions: number): Obj {
  if (!batch) return { embedding: { values: embedText(contentText(body.content), body.outputDimensionality ?? dimensions) } };
  return {
    embeddings: (body.requests as Obj[]).map((r) => ({ values: embedText(contentText(r.content), r.outputDimensionality ?? dimensions) })),
  };
}
