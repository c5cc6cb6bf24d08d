import type OpenAI from "openai";
import { withSpan } from "@traceloom/core";

/** Chat request the demo sends. */
export type ChatRequest = OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming;

/** A chat completion, recorded as a CHAT_MODEL span with request, response, model and token usage. */
export function chatCompletion(client: OpenAI, request: ChatRequest): Promise<OpenAI.Chat.Completions.ChatCompletion> {
  return withSpan(
    { name: "Completions", spanType: "CHAT_MODEL", inputs: request, attributes: { model: request.model, "mlflow.message.format": "openai" } },
    async (span) => {
      const response = await client.chat.completions.create(request);
      span.setOutputs(response);
      if (response.usage) span.setTokenUsage({ ...response.usage });
      return response;
    },
  );
}

/** Embeds texts, recorded as an EMBEDDING span. */
export function embed(client: OpenAI, model: string, input: string[]): Promise<number[][]> {
  return withSpan({ name: "Embeddings", spanType: "EMBEDDING", inputs: { model, input }, attributes: { model } }, async (span) => {
    const response = await client.embeddings.create({ model, input });
    span.setOutputs({ model: response.model, dimensions: response.data[0]?.embedding.length ?? 0, count: response.data.length });
    if (response.usage) span.setTokenUsage({ ...response.usage });
    return response.data.map((d) => d.embedding);
  });
}
