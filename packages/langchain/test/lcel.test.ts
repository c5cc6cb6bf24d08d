import { describe, expect, it } from "vitest";
import { ChatPromptTemplate } from "@langchain/core/prompts";
import { StringOutputParser } from "@langchain/core/output_parsers";
import { RunnableLambda, RunnableParallel } from "@langchain/core/runnables";
import { withSpan } from "@traceloom/core";
import { HumanMessage } from "@langchain/core/messages";
import { ChatOpenAI } from "@langchain/openai";
import { autolog } from "../src/index.js";
import { allTraces, autologSuite, fakeChat, onlyTrace, spanNamed, treeOf, useMemoryStore } from "./helpers.js";

describe("LCEL runnables under autolog", () => {
  const env = autologSuite(fakeChat, (options) => autolog(options));
  const prompt = ChatPromptTemplate.fromMessages([["system", "Be brief."], ["human", "Tell me about {topic}"]]);

  it("traces prompt → model → parser as one tree with inputs, outputs, params and token usage", async () => {
    const client = await useMemoryStore();
    const chain = prompt.pipe(env().model).pipe(new StringOutputParser());
    expect(await chain.invoke({ topic: "bears" })).toBe("Echo: Tell me about bears");

    const trace = await onlyTrace(client);
    expect(treeOf(trace)).toBe(["RunnableSequence [CHAIN]", "  ChatPromptTemplate [CHAIN]", "  ChatOpenAI [CHAT_MODEL]", "  StrOutputParser [PARSER]"].join("\n"));
    const root = spanNamed(trace, "RunnableSequence");
    expect(root.inputs).toEqual({ topic: "bears" });
    expect(root.outputs).toEqual({ output: "Echo: Tell me about bears" });
    expect(spanNamed(trace, "ChatPromptTemplate").outputs).toEqual({
      messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "Tell me about bears" }],
    });
    const chat = spanNamed(trace, "ChatOpenAI");
    expect(chat.inputs).toEqual({ messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "Tell me about bears" }] });
    expect(chat.outputs).toEqual({ role: "assistant", content: "Echo: Tell me about bears" });
    expect(chat.attributes["mlflow.chat.tokenUsage"]).toEqual({ input_tokens: 6, output_tokens: 5, total_tokens: 11 });
    expect(chat.attributes["mlflow.message.format"]).toBe("openai");
    expect(chat.attributes.invocation_params).toMatchObject({ model: "gpt-4o-mini" });
    expect(chat.attributes.tags).toEqual(["seq:step:2"]);
    expect(chat.attributes.metadata).toMatchObject({ ls_provider: "openai", ls_model_name: "gpt-4o-mini" });
    expect(spanNamed(trace, "StrOutputParser").outputs).toEqual({ output: "Echo: Tell me about bears" });
    expect(JSON.parse(trace.info.metadata["mlflow.trace.tokenUsage"])).toEqual({ input_tokens: 6, output_tokens: 5, total_tokens: 11 });
    expect(trace.info.requestPreview).toContain("bears");
    expect(JSON.stringify(trace.toJSON())).not.toContain('"test"');
  });

  it("records a ChatOpenAI run with n: 2 candidates with the response's usage once, not once per candidate", async () => {
    const client = await useMemoryStore();
    const model = new ChatOpenAI({ model: "gpt-4o-mini", apiKey: "test", configuration: { baseURL: env().fake.url }, maxRetries: 0, n: 2 });
    const result = await model.generate([[new HumanMessage("hello there")]]);
    expect(result.generations[0]).toHaveLength(2);
    const reported = result.llmOutput?.tokenUsage as { promptTokens: number; completionTokens: number; totalTokens: number };
    const chat = spanNamed(await onlyTrace(client), "ChatOpenAI");
    expect(chat.attributes["mlflow.chat.tokenUsage"]).toEqual({ input_tokens: reported.promptTokens, output_tokens: reported.completionTokens, total_tokens: reported.totalTokens });
    expect(reported.totalTokens).toBeGreaterThan(0);
  });

  it("respects run names, tags and metadata given in the config", async () => {
    const client = await useMemoryStore();
    const chain = prompt.pipe(env().model).withConfig({ runName: "explain" });
    await chain.invoke({ topic: "owls" }, { tags: ["team-a"], metadata: { user: "u1" } });
    const root = spanNamed(await onlyTrace(client), "explain");
    expect(root.attributes.tags).toEqual(["team-a"]);
    expect(root.attributes.metadata).toEqual({ user: "u1" });
  });

  it("nests both branches of a RunnableParallel under it", async () => {
    const client = await useMemoryStore();
    const upper = RunnableLambda.from((x: { topic: string }) => x.topic.toUpperCase()).withConfig({ runName: "upper" });
    const parallel = RunnableParallel.from({ shout: upper, answer: prompt.pipe(env().model).pipe(new StringOutputParser()) });
    expect(await parallel.invoke({ topic: "cats" })).toEqual({ shout: "CATS", answer: "Echo: Tell me about cats" });

    const trace = await onlyTrace(client);
    const byName = new Map(trace.spans.map((s) => [s.name, s]));
    const root = trace.spans.find((s) => s.parentId === null)!;
    expect(root.name).toBe("RunnableMap");
    expect(byName.get("upper")!.parentId).toBe(root.spanId);
    expect(byName.get("RunnableSequence")!.parentId).toBe(root.spanId);
    expect(byName.get("ChatOpenAI")!.parentId).toBe(byName.get("RunnableSequence")!.spanId);
    expect(root.outputs).toEqual({ shout: "CATS", answer: "Echo: Tell me about cats" });
  });

  it("aggregates a streamed model run and leaves the stream as LangChain produces it", async () => {
    const client = await useMemoryStore();
    const chain = prompt.pipe(env().model).pipe(new StringOutputParser());
    const chunks: string[] = [];
    for await (const chunk of await chain.stream({ topic: "rivers" })) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.join("")).toBe("Echo: Tell me about rivers");

    const trace = await onlyTrace(client);
    expect(treeOf(trace)).toBe(["RunnableSequence [CHAIN]", "  ChatPromptTemplate [CHAIN]", "  ChatOpenAI [CHAT_MODEL]", "  StrOutputParser [PARSER]"].join("\n"));
    const chat = spanNamed(trace, "ChatOpenAI");
    expect(chat.outputs).toMatchObject({ role: "assistant", content: "Echo: Tell me about rivers" });
    expect(chat.attributes["traceloom.stream.tokens"]).toBe(chunks.length);
    expect(spanNamed(trace, "RunnableSequence").outputs).toEqual({ output: "Echo: Tell me about rivers" });
  });

  it("nests a root run under the user's active span", async () => {
    const client = await useMemoryStore();
    await withSpan({ name: "handle_request", spanType: "AGENT" }, () => env().model.invoke("hi"));
    const trace = await onlyTrace(client);
    expect(treeOf(trace)).toBe("handle_request [AGENT]\n  ChatOpenAI [CHAT_MODEL]");
  });

  it("nests spans the user starts inside a RunnableLambda under the lambda's span", async () => {
    const client = await useMemoryStore();
    const lookup = RunnableLambda.from((q: string) => withSpan({ name: "db_lookup", spanType: "TOOL" }, () => `row for ${q}`)).withConfig({ runName: "lookup" });
    expect(await lookup.pipe(RunnableLambda.from((r: string) => r.length)).invoke("k")).toBe(9);
    expect(treeOf(await onlyTrace(client))).toBe(["RunnableSequence [CHAIN]", "  lookup [CHAIN]", "    db_lookup [TOOL]", "  RunnableLambda [CHAIN]"].join("\n"));
  });

  it("keeps concurrent invocations in separate, correctly shaped traces", async () => {
    const client = await useMemoryStore();
    const chain = prompt.pipe(env().model).pipe(new StringOutputParser());
    const topics = ["a1", "b2", "c3", "d4", "e5", "f6"];
    const outs = await Promise.all(topics.map((topic) => chain.invoke({ topic })));
    expect(outs).toEqual(topics.map((t) => `Echo: Tell me about ${t}`));

    const traces = await allTraces(client);
    expect(traces).toHaveLength(topics.length);
    for (const trace of traces) {
      expect(treeOf(trace)).toBe(["RunnableSequence [CHAIN]", "  ChatPromptTemplate [CHAIN]", "  ChatOpenAI [CHAT_MODEL]", "  StrOutputParser [PARSER]"].join("\n"));
      const topic = (spanNamed(trace, "RunnableSequence").inputs as { topic: string }).topic;
      expect(spanNamed(trace, "ChatOpenAI").outputs).toEqual({ role: "assistant", content: `Echo: Tell me about ${topic}` });
    }
    expect(new Set(traces.map((t) => (spanNamed(t, "RunnableSequence").inputs as { topic: string }).topic))).toEqual(new Set(topics));
  });
});
