import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ChatPromptTemplate } from "@langchain/core/prompts";
import { StringOutputParser } from "@langchain/core/output_parsers";
import { Document } from "@langchain/core/documents";
import { RunnableLambda } from "@langchain/core/runnables";
import { tool } from "@langchain/core/tools";
import { createReactAgent } from "@langchain/langgraph/prebuilt";
import { OpenAIEmbeddings } from "@langchain/openai";
import { MemoryVectorStore } from "langchain/vectorstores/memory";
import { toolCallThenAnswer } from "@traceloom/testkit";
import { autolog } from "@traceloom/langchain";
import { allTraces, autologSuite, fakeChat, onlyTrace, spanNamed, treeOf, useMemoryStore } from "./helpers.js";

const SEQUENCE = ["RunnableSequence [CHAIN]", "  ChatPromptTemplate [CHAIN]", "  ChatOpenAI [CHAT_MODEL]", "  StrOutputParser [PARSER]"].join("\n");

describe("autolog with @langchain/core 0.3.x", () => {
  const env = autologSuite(fakeChat, (options) => autolog(options));
  const prompt = ChatPromptTemplate.fromMessages([["human", "Tell me about {topic}"]]);

  it("runs against the 0.3 line of @langchain/core", async () => {
    const { readFileSync } = await import("node:fs");
    const { createRequire } = await import("node:module");
    const pkg = createRequire(import.meta.url).resolve("@langchain/core/package.json");
    expect(JSON.parse(readFileSync(pkg, "utf8")).version).toMatch(/^0\.3\./);
  });

  it("traces prompt → model → parser with messages, outputs and token usage", async () => {
    const client = await useMemoryStore();
    expect(await prompt.pipe(env().model).pipe(new StringOutputParser()).invoke({ topic: "bears" })).toBe("Echo: Tell me about bears");
    const trace = await onlyTrace(client);
    expect(treeOf(trace)).toBe(SEQUENCE);
    const chat = spanNamed(trace, "ChatOpenAI");
    expect(chat.inputs).toEqual({ messages: [{ role: "user", content: "Tell me about bears" }] });
    expect(chat.outputs).toEqual({ role: "assistant", content: "Echo: Tell me about bears" });
    expect(chat.attributes["mlflow.chat.tokenUsage"]).toEqual({ input_tokens: 4, output_tokens: 5, total_tokens: 9 });
  });

  it("aggregates a stream", async () => {
    const client = await useMemoryStore();
    const chunks: string[] = [];
    for await (const c of await prompt.pipe(env().model).pipe(new StringOutputParser()).stream({ topic: "rivers" })) chunks.push(c);
    expect(chunks.join("")).toBe("Echo: Tell me about rivers");
    const trace = await onlyTrace(client);
    expect(treeOf(trace)).toBe(SEQUENCE);
    expect(spanNamed(trace, "ChatOpenAI").outputs).toMatchObject({ role: "assistant", content: "Echo: Tell me about rivers" });
  });

  it("ends the open runs of a stream the consumer stops early, with a cancelled event", async () => {
    const client = await useMemoryStore();
    env().fake.script({ text: "one two three four five six seven eight", chunkDelayMs: 5 });
    const read: string[] = [];
    for await (const c of await prompt.pipe(env().model).pipe(new StringOutputParser()).stream({ topic: "lakes" })) {
      read.push(c);
      if (read.length === 3) break;
    }
    const trace = await onlyTrace(client);
    expect(treeOf(trace)).toBe(SEQUENCE);
    expect(spanNamed(trace, "RunnableSequence").outputs).toBe(read.join(""));
    for (const name of ["RunnableSequence", "ChatOpenAI", "StrOutputParser"]) expect(spanNamed(trace, name).events.map((e) => e.name)).toEqual(["cancelled"]);
  });

  it("traces a LangGraph ReAct agent with its nodes, model calls and tool", async () => {
    const client = await useMemoryStore();
    env().fake.setHandler(toolCallThenAnswer({ name: "add", arguments: { a: 2, b: 3 } }, (r) => `Sum: ${r.at(-1)}`));
    const add = tool(async ({ a, b }: { a: number; b: number }) => String(a + b), { name: "add", description: "add", schema: z.object({ a: z.number(), b: z.number() }) });
    const agent = createReactAgent({ llm: env().model, tools: [add] });
    const out = await agent.invoke({ messages: [{ role: "user", content: "add 2 and 3" }] });
    expect(out.messages.at(-1)?.content).toBe("Sum: 5");
    const trace = await onlyTrace(client);
    const root = trace.spans.find((s) => s.parentId === null)!;
    const nodes = trace.spans.filter((s) => s.parentId === root.spanId).sort((a, b) => a.startTimeNs - b.startTimeNs);
    expect(nodes.map((n) => n.name)).toEqual(["agent", "tools", "agent"]);
    expect(spanNamed(trace, "add").parentId).toBe(nodes[1].spanId);
    expect(trace.spans.filter((s) => s.name === "ChatOpenAI")).toHaveLength(2);
  });

  it("records retriever documents", async () => {
    const store = await MemoryVectorStore.fromDocuments([new Document({ pageContent: "bears eat fish", metadata: { n: 1 } })], new OpenAIEmbeddings({ apiKey: "test", configuration: { baseURL: env().fake.url } }));
    const client = await useMemoryStore();
    await store.asRetriever(1).invoke("bears");
    const span = spanNamed(await onlyTrace(client), "VectorStoreRetriever");
    expect(span.spanType).toBe("RETRIEVER");
    expect(span.outputs).toEqual([{ page_content: "bears eat fish", metadata: { n: 1 } }]);
  });

  it("records a failing model call as ERROR", async () => {
    const client = await useMemoryStore();
    env().fake.script({ error: { status: 400, message: "nope" } });
    await expect(env().model.invoke("hi")).rejects.toThrow("nope");
    const span = spanNamed(await onlyTrace(client), "ChatOpenAI");
    expect(span.status.code).toBe("STATUS_CODE_ERROR");
    expect(span.events.map((e) => e.name)).toEqual(["exception"]);
  });

  it("records nothing with logTraces: false", async () => {
    autolog({ logTraces: false });
    const client = await useMemoryStore();
    expect(await RunnableLambda.from((s: string) => s + "!").invoke("hi")).toBe("hi!");
    expect(await allTraces(client)).toHaveLength(0);
    autolog();
  });
});
