import { configure, flush, TraceClient, type Trace } from "@traceloom/core";
import { startFakeOpenAI } from "@traceloom/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { askDocuments, standInReply } from "../llamaindex-query.js";
import { onlySpan, runWithTsx, treeOf } from "./helpers.js";

const fake = await startFakeOpenAI({ handler: standInReply });
afterAll(() => fake.close());

describe("llamaindex-query example", () => {
  let answer = "";
  let traces: Trace[] = [];
  beforeAll(async () => {
    await configure({ trackingUri: "memory:" });
    answer = await askDocuments("What is the capital of France?", { apiKey: "test", baseURL: fake.url });
    await flush();
    traces = (await new TraceClient().searchTraces({ orderBy: ["timestamp_ms ASC"] })).traces;
  });

  it("answers from the retrieved document and records the query as one tree with the model's token usage", () => {
    expect(answer).toBe("Paris.");
    const query = traces.at(-1)!;
    expect(treeOf(query)).toBe(
      [
        "RetrieverQueryEngine.query [CHAIN]",
        "  VectorIndexRetriever.retrieve [RETRIEVER]",
        "    OpenAIEmbedding.getQueryEmbedding [EMBEDDING]",
        "  CompactAndRefine.synthesize [CHAIN]",
        "    OpenAI.complete [LLM]",
      ].join("\n"),
    );
    expect(query.rootSpan!.inputs).toEqual({ query: "What is the capital of France?" });
    expect(query.rootSpan!.outputs).toMatchObject({ response: "Paris." });
    const retrieved = onlySpan(query, "VectorIndexRetriever.retrieve").outputs as { page_content: string }[];
    expect(retrieved.map((d) => d.page_content)).toContain("Paris is the capital of France.");
    expect(retrieved).toHaveLength(2);
    const llm = onlySpan(query, "OpenAI.complete");
    expect(String((llm.inputs as { prompt: string }).prompt)).toContain("Paris is the capital of France.");
    expect(llm.outputs).toBe("Paris.");
    expect(llm.tokenUsage).toEqual({ input_tokens: 37, output_tokens: 1, total_tokens: 38 });
  });

  // examples pins zod 3.25.76 so pnpm installs one llamaindex copy for the workspace: @traceloom/llamaindex patches
  // the copy it resolves (the app's, in a normal install, where llamaindex is its peer).
  it("records indexing as one tree under VectorStoreIndex.fromDocuments", () => {
    expect(traces.map(treeOf)[0]).toBe(
      ["VectorStoreIndex.fromDocuments [CHAIN]", "  SentenceSplitter.getNodesFromDocuments [PARSER]", "  OpenAIEmbedding.getTextEmbeddingsBatch [EMBEDDING]"].join("\n"),
    );
  });
});

describe("llamaindex-query example run with tsx, as `pnpm llamaindex-query` does", () => {
  it("prints the answer and the query's trace tree with its token usage", async () => {
    const stdout = await runWithTsx("llamaindex-query.ts");
    expect(stdout.split("\n")[0]).toBe("Paris.");
    expect(stdout).toMatch(/^RetrieverQueryEngine\.query \[CHAIN\]/m);
    expect(stdout).toMatch(/OpenAI\.complete \[LLM\] .* tokens 37→1 \(38\)/);
  }, 60_000);
});
