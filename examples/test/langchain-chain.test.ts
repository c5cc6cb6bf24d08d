import { configure, flush, getLastTraceId, TraceClient } from "@traceloom/core";
import { startFakeOpenAI } from "@traceloom/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRagChain, standInReply } from "../langchain-chain.js";
import { onlySpan, runWithTsx, treeOf } from "./helpers.js";

const fake = await startFakeOpenAI({ handler: standInReply });

beforeAll(() => configure({ trackingUri: "memory:" }));
afterAll(() => fake.close());

describe("langchain-chain example", () => {
  it("answers from the retrieved fact and records the chain, retriever, prompt, model and parser as one tree", async () => {
    const chain = await createRagChain({ apiKey: "test", configuration: { baseURL: fake.url } });
    expect(await chain.invoke("What do bears eat?")).toBe("Bears eat fish and berries.");
    await flush();
    const t = await new TraceClient().getTrace(getLastTraceId() ?? "");
    expect(treeOf(t!)).toBe(
      [
        "answer_question [CHAIN]",
        "  RunnableMap [CHAIN]",
        "    RunnableSequence [CHAIN]",
        "      VectorStoreRetriever [RETRIEVER]",
        "      format_docs [CHAIN]",
        "    RunnablePassthrough [CHAIN]",
        "  ChatPromptTemplate [CHAIN]",
        "  ChatOpenAI [CHAT_MODEL]",
        "  StrOutputParser [PARSER]",
      ].join("\n"),
    );
    expect(t!.rootSpan!.inputs).toEqual({ input: "What do bears eat?" });
    expect(t!.rootSpan!.outputs).toEqual({ output: "Bears eat fish and berries." });
    const retrieved = onlySpan(t!, "VectorStoreRetriever").outputs as { page_content: string }[];
    expect(retrieved.map((d) => d.page_content)).toContain("Bears eat fish and berries.");
    expect(retrieved).toHaveLength(2);
    const chat = onlySpan(t!, "ChatOpenAI");
    expect(JSON.stringify(chat.inputs)).toContain("Bears eat fish and berries.");
    expect(chat.tokenUsage).toEqual({ input_tokens: 23, output_tokens: 5, total_tokens: 28 });
  });
});

describe("langchain-chain example run with tsx, as `pnpm langchain-chain` does", () => {
  let stdout = "";
  beforeAll(async () => {
    stdout = await runWithTsx("langchain-chain.ts");
  }, 60_000);

  it("prints the answer", () => {
    expect(stdout.split("\n")[0]).toBe("Bears eat fish and berries.");
  });

  it("prints its trace tree, with the chat model under the chain", () => {
    expect(stdout).toContain("answer_question [CHAIN]");
    expect(stdout).toMatch(/\n[├└]─ ChatOpenAI \[CHAT_MODEL\]/);
  });
});
