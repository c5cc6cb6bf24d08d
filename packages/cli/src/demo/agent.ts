import type OpenAI from "openai";
import { trace, withSpan } from "@traceloom/core";
import { DOCUMENTS, type Document } from "./knowledge-base.js";
import { getWeather, WEATHER_TOOL } from "./weather-tool.js";

/** The chat model the demo agent asks. */
export const CHAT_MODEL = "gpt-4o-mini";
const EMBEDDING_MODEL = "text-embedding-3-small";
/** Most model turns per question (the tool loop is bounded). */
const MAX_TURNS = 4;

function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** Finds the two documents closest to the question by embedding similarity. */
function retrieveContext(client: OpenAI, question: string): Promise<Document[]> {
  return withSpan({ name: "retrieve_context", spanType: "RETRIEVER", inputs: { query: question } }, async (span) => {
    const response = await client.embeddings.create({ model: EMBEDDING_MODEL, input: [question, ...DOCUMENTS.map((d) => d.page_content)] });
    const [query, ...docs] = response.data.map((d) => d.embedding);
    const ranked = DOCUMENTS.map((d, i) => ({ ...d, metadata: { ...d.metadata, score: Number(cosine(query, docs[i]).toFixed(4)) } }))
      .sort((a, b) => (b.metadata.score ?? 0) - (a.metadata.score ?? 0))
      .slice(0, 2);
    span.setOutputs(ranked);
    return ranked;
  });
}

const getWeatherTool = trace((city: string) => getWeather(city), { name: "get_weather", spanType: "TOOL" });

function runTool(call: OpenAI.Chat.Completions.ChatCompletionMessageToolCall): string {
  if (call.type !== "function" || call.function.name !== "get_weather") return `Error: unknown tool`;
  try {
    const { city } = JSON.parse(call.function.arguments) as { city: string };
    return JSON.stringify(getWeatherTool(city));
  } catch (err) {
    return `Error: ${(err as Error).message}`;
  }
}

/**
 * Builds the demo agent for a client: it retrieves context, then loops model → tools → model until the model
 * answers (at most {@link MAX_TURNS} turns). Each question is one AGENT trace with RETRIEVER and TOOL spans; with
 * `autolog()` from @traceloom/openai on, the model calls add EMBEDDING and CHAT_MODEL spans. The client stays
 * out of the recorded inputs (it holds the API key).
 */
export function createTravelAgent(client: OpenAI): (question: string) => Promise<string> {
  return trace(
    async function travel_agent(question: string): Promise<string> {
      const context = await retrieveContext(client, question);
      const messages: OpenAI.Chat.Completions.ChatCompletionMessageParam[] = [
        { role: "system", content: `You are a travel assistant. Context:\n${context.map((d) => `- ${d.page_content}`).join("\n")}` },
        { role: "user", content: question },
      ];
      for (let turn = 0; turn < MAX_TURNS; turn++) {
        const response = await client.chat.completions.create({ model: CHAT_MODEL, messages, tools: [WEATHER_TOOL] });
        const message = response.choices[0].message;
        messages.push(message);
        if (!message.tool_calls || message.tool_calls.length === 0) return message.content ?? "";
        for (const call of message.tool_calls) messages.push({ role: "tool", tool_call_id: call.id, content: runTool(call) });
      }
      throw new Error(`No answer after ${MAX_TURNS} model turns`);
    },
    { name: "travel_agent", spanType: "AGENT" },
  );
}
