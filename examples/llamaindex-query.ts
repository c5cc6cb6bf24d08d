/**
 * A question answered over three documents with LlamaIndex, traced with traceloom: one `autolog()` line records the
 * indexing run and the query (retrieval, query embedding, synthesis, model call) as trees. Without OPENAI_API_KEY it
 * talks to a local stand-in for the OpenAI API, so it runs anywhere.
 *
 *   pnpm --filter @traceloom/examples llamaindex-query      then      npx traceloom ui
 */
import { pathToFileURL } from "node:url";
import { OpenAI, OpenAIEmbedding } from "@llamaindex/openai";
import { flush, formatTrace, getLastTraceId, TraceClient } from "@traceloom/core";
import { autolog } from "@traceloom/llamaindex";
import { replyByMatch, startFakeOpenAI } from "@traceloom/testkit";
import { Document, Settings, VectorStoreIndex } from "llamaindex";

autolog();

const documents = [
  new Document({ text: "Paris is the capital of France.", id_: "france" }),
  new Document({ text: "Berlin is the capital of Germany.", id_: "germany" }),
  new Document({ text: "Madrid is the capital of Spain.", id_: "spain" }),
];

/** Where the models are: the real API (from the environment) by default, or `baseURL` with any key. */
export interface OpenAIAccess { apiKey?: string; baseURL?: string }

/** Indexes the documents, then answers `question` from the two most similar ones. */
export async function askDocuments(question: string, access: OpenAIAccess = {}): Promise<string> {
  Settings.llm = new OpenAI({ model: "gpt-4o-mini", ...access });
  Settings.embedModel = new OpenAIEmbedding({ model: "text-embedding-3-small", ...access });
  const index = await VectorStoreIndex.fromDocuments(documents);
  const response = await index.asQueryEngine({ similarityTopK: 2 }).query({ query: question });
  return response.message.content.toString();
}

/** The stand-in's answer when the retrieved context reached the model. */
export const standInReply = replyByMatch([[/capital of France\./, "Paris."]], "I do not know.");

async function main(): Promise<void> {
  const fake = process.env.OPENAI_API_KEY ? undefined : await startFakeOpenAI({ handler: standInReply });
  const answer = await askDocuments("What is the capital of France?", fake ? { apiKey: "not-needed", baseURL: fake.url } : {});
  process.stdout.write(`${answer}\n`);
  await flush();
  const recorded = await new TraceClient().getTrace(getLastTraceId() ?? "");
  if (recorded) process.stdout.write(`${formatTrace(recorded)}\n`);
  await fake?.close();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
