import { describe, expect, it } from "vitest";
import { Document } from "@langchain/core/documents";
import { ChatPromptTemplate } from "@langchain/core/prompts";
import { StringOutputParser } from "@langchain/core/output_parsers";
import { RunnableLambda, RunnablePassthrough, RunnableSequence } from "@langchain/core/runnables";
import { MemoryVectorStore } from "@langchain/classic/vectorstores/memory";
import { OpenAIEmbeddings } from "@langchain/openai";
import { autolog } from "../src/index.js";
import { autologSuite, fakeChat, onlyTrace, spanNamed, treeOf, useMemoryStore } from "./helpers.js";

describe("a retrieval chain over an in-memory vector store", () => {
  const env = autologSuite(fakeChat, (options) => autolog(options));

  it("records the retriever as RETRIEVER with its documents as outputs, nested in the chain", async () => {
    const embeddings = new OpenAIEmbeddings({ apiKey: "test", configuration: { baseURL: env().fake.url } });
    const store = await MemoryVectorStore.fromDocuments(
      [new Document({ pageContent: "bears eat fish", metadata: { doc_uri: "kb://1" } }), new Document({ pageContent: "owls hunt at night", metadata: { doc_uri: "kb://2" } })],
      embeddings,
    );
    const client = await useMemoryStore();
    const retriever = store.asRetriever(2);
    const format = RunnableLambda.from((docs: Document[]) => docs.map((d) => d.pageContent).join("\n")).withConfig({ runName: "format_docs" });
    const prompt = ChatPromptTemplate.fromTemplate("Context: {context}\nQuestion: {question}");
    const chain = RunnableSequence.from([
      { context: retriever.pipe(format), question: new RunnablePassthrough() },
      prompt,
      env().model,
      new StringOutputParser(),
    ]).withConfig({ runName: "rag" });
    const answer = await chain.invoke("what do bears eat?");
    expect(answer).toContain("Question: what do bears eat?");

    const trace = await onlyTrace(client);
    const retrieverSpan = spanNamed(trace, "VectorStoreRetriever");
    expect(retrieverSpan.spanType).toBe("RETRIEVER");
    expect(retrieverSpan.inputs).toEqual({ query: "what do bears eat?" });
    const docs = retrieverSpan.outputs as { page_content: string; metadata: Record<string, unknown> }[];
    expect(docs.map((d) => d.page_content).sort()).toEqual(["bears eat fish", "owls hunt at night"]);
    expect(docs.every((d) => typeof d.metadata.doc_uri === "string")).toBe(true);
    expect(spanNamed(trace, "format_docs").parentId).toBe(retrieverSpan.parentId);
    expect(treeOf(trace).split("\n")[0]).toBe("rag [CHAIN]");
    expect(spanNamed(trace, "ChatOpenAI").parentId).toBe(trace.spans.find((s) => s.parentId === null)!.spanId);
  });
});
