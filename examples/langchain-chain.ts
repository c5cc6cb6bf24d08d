/**
 * A retrieval chain traced with traceloom: one `autolog()` line records the chain, its retriever, prompt, chat model
 * and parser as one tree. Without OPENAI_API_KEY it talks to a local stand-in for the OpenAI API, so it runs anywhere.
 *
 *   pnpm --filter @traceloom/examples langchain-chain      then      npx traceloom ui
 */
import { pathToFileURL } from "node:url";
import type { Document } from "@langchain/core/documents";
import { StringOutputParser } from "@langchain/core/output_parsers";
import { ChatPromptTemplate } from "@langchain/core/prompts";
import { RunnableLambda, RunnablePassthrough, RunnableSequence } from "@langchain/core/runnables";
import { MemoryVectorStore } from "@langchain/classic/vectorstores/memory";
import { ChatOpenAI, OpenAIEmbeddings } from "@langchain/openai";
import { flush, formatTrace, getLastTraceId, TraceClient } from "@traceloom/core";
import { autolog } from "@traceloom/langchain";
import { replyByMatch, startFakeOpenAI } from "@traceloom/testkit";

autolog();

const facts = ["Bears eat fish and berries.", "Owls hunt mice at night.", "Salmon swim upstream to spawn."];

/** Where the models are: the real API (from the environment) by default, or `baseURL` with any key. */
export interface OpenAIAccess { apiKey?: string; configuration?: { baseURL: string } }

/** Answers a question from the two facts most like it: retriever → prompt → chat model → text. */
export async function createRagChain(access: OpenAIAccess = {}) {
  const store = await MemoryVectorStore.fromTexts(facts, {}, new OpenAIEmbeddings({ model: "text-embedding-3-small", ...access }));
  const formatDocs = RunnableLambda.from((docs: Document[]) => docs.map((d) => d.pageContent).join("\n")).withConfig({ runName: "format_docs" });
  return RunnableSequence.from([
    { context: store.asRetriever(2).pipe(formatDocs), question: new RunnablePassthrough() },
    ChatPromptTemplate.fromTemplate("Answer in one sentence from the context.\nContext:\n{context}\nQuestion: {question}"),
    new ChatOpenAI({ model: "gpt-4o-mini", ...access }),
    new StringOutputParser(),
  ]).withConfig({ runName: "answer_question" });
}

/** The stand-in's answer when the retrieved context reached the model. */
export const standInReply = replyByMatch([[/Bears eat fish/, "Bears eat fish and berries."]], "I do not know.");

async function main(): Promise<void> {
  const fake = process.env.OPENAI_API_KEY ? undefined : await startFakeOpenAI({ handler: standInReply });
  const chain = await createRagChain(fake ? { apiKey: "not-needed", configuration: { baseURL: fake.url } } : {});
  process.stdout.write(`${await chain.invoke("What do bears eat?")}\n`);
  await flush();
  const recorded = await new TraceClient().getTrace(getLastTraceId() ?? "");
  if (recorded) process.stdout.write(`${formatTrace(recorded)}\n`);
  await fake?.close();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
