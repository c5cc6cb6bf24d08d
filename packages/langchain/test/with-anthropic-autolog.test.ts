import { ChatAnthropic } from "@langchain/anthropic";
import { ChatPromptTemplate } from "@langchain/core/prompts";
import { autolog as autologAnthropic } from "@traceloom/anthropic";
import { startFakeAnthropic, type FakeAnthropic } from "@traceloom/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { autolog } from "../src/index.js";
import { onlyTrace, spanNamed, treeOf, useMemoryStore } from "./helpers.js";

describe("LangChain autolog with ChatAnthropic, together with the Anthropic autolog", () => {
  let fake: FakeAnthropic;
  let model: ChatAnthropic;
  const prompt = ChatPromptTemplate.fromMessages([["human", "Tell me about {topic}"]]);
  beforeAll(async () => {
    fake = await startFakeAnthropic();
    model = new ChatAnthropic({ model: "claude-haiku-4-5", apiKey: "sk-ant-test", anthropicApiUrl: fake.url, maxRetries: 0 });
    // no arguments: the copy of @anthropic-ai/sdk that @langchain/anthropic resolves (0.122 here) is found loaded
    autologAnthropic();
    autolog();
  });
  afterAll(async () => {
    autolog({ disable: true });
    autologAnthropic({ disable: true });
    await fake.close();
  });

  it("one request is one Messages.create span under the ChatAnthropic span; the trace counts its tokens once", async () => {
    const client = await useMemoryStore();
    const reply = await prompt.pipe(model).invoke({ topic: "bears" });
    expect(reply.content).toBe("Echo: Tell me about bears");
    const trace = await onlyTrace(client);
    expect(treeOf(trace)).toBe(["RunnableSequence [CHAIN]", "  ChatPromptTemplate [CHAIN]", "  ChatAnthropic [CHAT_MODEL]", "    Messages.create [CHAT_MODEL]"].join("\n"));
    const raw = spanNamed(trace, "Messages.create");
    expect(raw.parentId).toBe(spanNamed(trace, "ChatAnthropic").spanId);
    const usage = raw.tokenUsage!;
    expect(usage.total_tokens).toBeGreaterThan(0);
    expect(spanNamed(trace, "ChatAnthropic").tokenUsage?.total_tokens).toBe(usage.total_tokens);
    expect(JSON.parse(trace.info.metadata["mlflow.trace.tokenUsage"])).toEqual({ input_tokens: usage.input_tokens, output_tokens: usage.output_tokens, total_tokens: usage.total_tokens });
  });

  it("a streamed ChatAnthropic call: one Messages.create span under the model span", async () => {
    const client = await useMemoryStore();
    let text = "";
    for await (const chunk of await prompt.pipe(model).stream({ topic: "rivers" })) text += String(chunk.content);
    expect(text).toBe("Echo: Tell me about rivers");
    const trace = await onlyTrace(client);
    expect(treeOf(trace)).toBe(["RunnableSequence [CHAIN]", "  ChatPromptTemplate [CHAIN]", "  ChatAnthropic [CHAT_MODEL]", "    Messages.create [CHAT_MODEL]"].join("\n"));
    expect(spanNamed(trace, "Messages.create").events.map((e) => e.name)).toContain("first_token");
  });
});
