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

describe("query engine", () => {
  it("traces a query as query → retriever → embedding, synthesizer → chat model", async () => {
    const index = await VectorStoreIndex.fromDocuments(documents());
    const engine = index.asQueryEngine({ similarityTopK: 2 });
    h.fake().script("Paris.");
    const response = await engine.query({ query: "What is the capital of France?" });
    expect(response.message.content).toBe("Paris.");
    const traces = await h.traces();
    const query = traces.at(-1)!;
    console.warn(treeOf(traces[0]!));
    console.warn(treeOf(query));
  });
});
