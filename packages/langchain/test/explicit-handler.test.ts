import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChatPromptTemplate } from "@langchain/core/prompts";
import { autolog as autologOpenAI } from "@traceloom/openai";
import { TraceloomCallbackHandler } from "../src/index.js";
import { fakeChat, onlyTrace, spanNamed, treeOf, useMemoryStore } from "./helpers.js";

describe("an explicit TraceloomCallbackHandler (LangChain autolog off) with the OpenAI autolog on", () => {
  let env: Awaited<ReturnType<typeof fakeChat>>;
  const prompt = ChatPromptTemplate.fromMessages([["human", "Tell me about {topic}"]]);
  const expected = ["RunnableSequence [CHAIN]", "  ChatPromptTemplate [CHAIN]", "  ChatOpenAI [CHAT_MODEL]", "    ChatCompletions [CHAT_MODEL]"].join("\n");
  beforeAll(async () => {
    env = await fakeChat();
    // no arguments: the copy of openai @langchain/openai resolves is found from this package's dependencies
    autologOpenAI();
  });
  afterAll(async () => {
    autologOpenAI({ disable: true });
    await env.fake.close();
  });

  it("gives one trace: the raw OpenAI call nests under the ChatOpenAI span, tokens counted once", async () => {
    const client = await useMemoryStore();
    await prompt.pipe(env.model).invoke({ topic: "bears" }, { callbacks: [new TraceloomCallbackHandler()] });
    const trace = await onlyTrace(client);
    expect(treeOf(trace)).toBe(expected);
    expect(spanNamed(trace, "ChatCompletions").parentId).toBe(spanNamed(trace, "ChatOpenAI").spanId);
    expect(JSON.parse(trace.info.metadata["mlflow.trace.tokenUsage"])).toEqual({ input_tokens: 4, output_tokens: 5, total_tokens: 9 });
  });

  it("does the same for a stream", async () => {
    const client = await useMemoryStore();
    let text = "";
    for await (const chunk of await prompt.pipe(env.model).stream({ topic: "rivers" }, { callbacks: [new TraceloomCallbackHandler()] })) text += String(chunk.content);
    expect(text).toBe("Echo: Tell me about rivers");
    expect(treeOf(await onlyTrace(client))).toBe(expected);
  });

  it("leaves a model called without the handler untraced by LangChain: its raw call is a trace of its own", async () => {
    const client = await useMemoryStore();
    await env.model.invoke("alone");
    expect(treeOf(await onlyTrace(client))).toBe("ChatCompletions [CHAT_MODEL]");
  });
});
