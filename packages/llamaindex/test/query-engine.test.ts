import { SpanAttributeKey } from "@traceloom/core";
import { replyByMatch } from "@traceloom/testkit";
import { Document, VectorStoreIndex } from "llamaindex";
import { describe, expect, it } from "vitest";
import { useLlamaIndex } from "./support/setup.js";
import { onlySpan, treeOf } from "./support/tree.js";

const h = useLlamaIndex();

const documents = () => [
  new Document({ text: "Paris is the capital of France.", id_: "doc-paris" }),
  new Document({ text: "Berlin is the capital of Germany.", id_: "doc-berlin" }),
  new Document({ text: "Madrid is the capital of Spain.", id_: "doc-madrid" }),
];

const QUERY_TREE = [
  "CHAIN RetrieverQueryEngine.query",
  "  RETRIEVER VectorIndexRetriever.retrieve",
  "    EMBEDDING OpenAIEmbedding.getQueryEmbedding",
  "  CHAIN CompactAndRefine.synthesize",
  "    LLM OpenAI.complete",
].join("\n");

async function queryEngine() {
  const index = await VectorStoreIndex.fromDocuments(documents());
  return index.asQueryEngine({ similarityTopK: 2 });
}

describe("indexing", () => {
  it("traces fromDocuments as one tree: parsing with chunking events, then a batch of embeddings", async () => {
    await VectorStoreIndex.fromDocuments(documents());
    const [trace, ...others] = await h.traces();
    expect(others).toHaveLength(0);
    expect(treeOf(trace!)).toBe(
      [
        "CHAIN VectorStoreIndex.fromDocuments",
        "  PARSER SentenceSplitter.getNodesFromDocuments",
        "  EMBEDDING OpenAIEmbedding.getTextEmbeddingsBatch",
      ].join("\n"),
    );
    expect(trace!.rootSpan!.inputs).toEqual({ documents: 3 });
    const parser = onlySpan(trace!, "SentenceSplitter.getNodesFromDocuments");
    expect(parser.outputs).toEqual({ nodes: 3 });
    expect(parser.events.filter((e) => e.name === "chunking-end")).toHaveLength(3);
    const embedding = onlySpan(trace!, "OpenAIEmbedding.getTextEmbeddingsBatch");
    expect(embedding.attributes).toMatchObject({ model: "text-embedding-3-small", batch_size: 10, input_count: 3 });
    expect(embedding.outputs).toEqual({ embeddings: 3, dimensions: 8 });
    expect(h.fake().requests.filter((r) => r.endpoint === "embeddings")).toHaveLength(1);
  });
});

describe("query engine", () => {
  it("traces a query: retriever (nodes with scores) and synthesizer → model call with token usage", async () => {
    const engine = await queryEngine();
    h.fake().script({ text: "Paris.", usage: { input: 40, output: 2 } });
    const response = await engine.query({ query: "What is the capital of France?" });
    expect(response.message.content).toBe("Paris.");

    const trace = (await h.traces()).at(-1)!;
    expect(treeOf(trace)).toBe(QUERY_TREE);
    expect(trace.info.state).toBe("OK");
    const query = trace.rootSpan!;
    expect(query.inputs).toEqual({ query: "What is the capital of France?" });
    expect(query.outputs).toMatchObject({ response: "Paris." });
    expect((query.outputs as { source_nodes: unknown[] }).source_nodes).toHaveLength(2);

    const retriever = onlySpan(trace, "VectorIndexRetriever.retrieve");
    const docs = retriever.outputs as Array<{ page_content: string; id: string; score: number }>;
    expect(docs).toHaveLength(2);
    expect(docs[0]!.page_content).toBe("Paris is the capital of France.");
    expect(docs.every((d) => typeof d.score === "number" && typeof d.id === "string")).toBe(true);
    expect(docs[0]!.score).toBeGreaterThanOrEqual(docs[1]!.score);

    const llm = onlySpan(trace, "OpenAI.complete");
    expect(String((llm.inputs as { prompt: string }).prompt)).toContain("What is the capital of France?");
    expect(llm.outputs).toBe("Paris.");
    expect(llm.tokenUsage).toEqual({ input_tokens: 40, output_tokens: 2, total_tokens: 42 });
    expect(llm.attribute(SpanAttributeKey.MESSAGE_FORMAT)).toBe("llamaindex");
    expect(llm.attribute("model")).toBe("gpt-4o-mini");
    expect(trace.tokenUsage).toEqual({ input_tokens: 40, output_tokens: 2, total_tokens: 42 });
  });

  it("ends a streamed query's spans when the stream has been read, not when it is handed back", async () => {
    const engine = await queryEngine();
    h.fake().script("Paris is the capital.");
    const stream = await engine.query({ query: "What is the capital of France?", stream: true });
    const before = await h.traces();
    expect(before.map((t) => t.rootSpan?.name)).toEqual(["VectorStoreIndex.fromDocuments"]);

    let text = "";
    for await (const chunk of stream) text += chunk.delta;
    expect(text).toBe("Paris is the capital.");

    const trace = (await h.traces()).at(-1)!;
    expect(treeOf(trace)).toBe(QUERY_TREE);
    expect(trace.rootSpan!.outputs).toMatchObject({ response: "Paris is the capital." });
    expect(onlySpan(trace, "CompactAndRefine.synthesize").outputs).toMatchObject({ response: "Paris is the capital." });
    expect(onlySpan(trace, "OpenAI.complete").outputs).toBe("Paris is the capital.");
    const root = trace.rootSpan!;
    for (const span of trace.spans) expect(span.endTimeNs).toBeLessThanOrEqual(root.endTimeNs!);
  });

  it("keeps concurrent queries in separate, correctly nested traces", async () => {
    const engine = await queryEngine();
    h.fake().setHandler(
      replyByMatch([
        [/France\?/, { text: "Paris.", delayMs: 60 }],
        [/Germany\?/, { text: "Berlin.", delayMs: 10 }],
        [/Spain\?/, { text: "Madrid.", delayMs: 30 }],
      ]),
    );
    const questions = ["capital of France?", "capital of Germany?", "capital of Spain?"];
    const answers = await Promise.all(questions.map((q) => engine.query({ query: q })));
    expect(answers.map((a) => a.message.content)).toEqual(["Paris.", "Berlin.", "Madrid."]);

    const traces = (await h.traces()).filter((t) => t.rootSpan?.name === "RetrieverQueryEngine.query");
    expect(traces).toHaveLength(3);
    const byQuestion = new Map(traces.map((t) => [(t.rootSpan!.inputs as { query: string }).query, t]));
    for (const [question, answer] of [
      ["capital of France?", "Paris."],
      ["capital of Germany?", "Berlin."],
      ["capital of Spain?", "Madrid."],
    ] as const) {
      const trace = byQuestion.get(question)!;
      expect(treeOf(trace)).toBe(QUERY_TREE);
      expect(String((onlySpan(trace, "OpenAI.complete").inputs as { prompt: string }).prompt)).toContain(question);
      expect(onlySpan(trace, "OpenAI.complete").outputs).toBe(answer);
      expect(onlySpan(trace, "VectorIndexRetriever.retrieve").inputs).toEqual({ query: question });
    }
  });

  it("records a failing model call as errors up the tree and rethrows the same error", async () => {
    const engine = await queryEngine();
    h.fake().script({ error: { status: 400, message: "bad request from the fake" } });
    const error = await engine.query({ query: "What is the capital of France?" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain("bad request from the fake");

    const trace = (await h.traces()).at(-1)!;
    expect(trace.info.state).toBe("ERROR");
    expect(treeOf(trace)).toBe(QUERY_TREE);
    expect(onlySpan(trace, "VectorIndexRetriever.retrieve").status.code).toBe("STATUS_CODE_OK");
    for (const name of ["OpenAI.complete", "CompactAndRefine.synthesize", "RetrieverQueryEngine.query"]) {
      const span = onlySpan(trace, name);
      expect(span.status.code).toBe("STATUS_CODE_ERROR");
      const exception = span.events.find((e) => e.name === "exception");
      expect(String(exception?.attributes["exception.message"])).toContain("bad request from the fake");
    }
  });
});
