import * as openaiModule from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { ChatPromptTemplate } from "@langchain/core/prompts";
import { tool } from "@langchain/core/tools";
import { autolog as autologOpenAI } from "@traceloom/openai";
import { autolog } from "../src/index.js";
import { fakeChat, onlyTrace, spanNamed, treeOf, useMemoryStore } from "./helpers.js";

describe("LangChain autolog together with the OpenAI autolog", () => {
  let env: Awaited<ReturnType<typeof fakeChat>>;
  const prompt = ChatPromptTemplate.fromMessages([["human", "Tell me about {topic}"]]);
  beforeAll(async () => {
    env = await fakeChat();
    autologOpenAI({ openai: openaiModule });
    autolog();
  });
  afterAll(async () => {
    autolog({ disable: true });
    autologOpenAI({ disable: true });
    await env.fake.close();
  });

  it("nests the raw OpenAI call under the ChatOpenAI span, in the same trace", async () => {
    const client = await useMemoryStore();
    await prompt.pipe(env.model).invoke({ topic: "bears" });
    const trace = await onlyTrace(client);
    expect(treeOf(trace)).toBe(["RunnableSequence [CHAIN]", "  ChatPromptTemplate [CHAIN]", "  ChatOpenAI [CHAT_MODEL]", "    ChatCompletions [CHAT_MODEL]"].join("\n"));
    const raw = spanNamed(trace, "ChatCompletions");
    expect(raw.parentId).toBe(spanNamed(trace, "ChatOpenAI").spanId);
    expect(JSON.parse(trace.info.metadata["mlflow.trace.tokenUsage"])).toEqual({ input_tokens: 4, output_tokens: 5, total_tokens: 9 });
  });

  it("nests a raw OpenAI call made inside a tool under the tool span", async () => {
    const client = await useMemoryStore();
    const sdk = new openaiModule.OpenAI({ apiKey: "test", baseURL: env.fake.url, maxRetries: 0 });
    const summarize = tool(async ({ text }: { text: string }) => {
      const r = await sdk.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: text }] });
      return r.choices[0].message.content ?? "";
    }, { name: "summarize", description: "summarize", schema: z.object({ text: z.string() }) });
    expect(await summarize.invoke({ text: "long text" })).toBe("Echo: long text");
    expect(treeOf(await onlyTrace(client))).toBe("summarize [TOOL]\n  ChatCompletions [CHAT_MODEL]");
  });

  it("nests the raw OpenAI calls of a stream under the ChatOpenAI span", async () => {
    const client = await useMemoryStore();
    let text = "";
    for await (const chunk of await prompt.pipe(env.model).stream({ topic: "rivers" })) text += String(chunk.content);
    expect(text).toBe("Echo: Tell me about rivers");
    const trace = await onlyTrace(client);
    expect(treeOf(trace)).toBe(["RunnableSequence [CHAIN]", "  ChatPromptTemplate [CHAIN]", "  ChatOpenAI [CHAT_MODEL]", "    ChatCompletions [CHAT_MODEL]"].join("\n"));
  });
});
