import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChatPromptTemplate } from "@langchain/core/prompts";
import { TraceloomCallbackHandler } from "@traceloom/langchain";
// not a dependency of this package (adding it moves other importers' peers in the lockfile): the workspace build
import { autolog as autologOpenAI } from "../../../openai/dist/index.js";
import { fakeChat, onlyTrace, spanNamed, treeOf, useMemoryStore } from "./helpers.js";

describe("@langchain/core 0.3: an explicit TraceloomCallbackHandler (LangChain autolog off) with the OpenAI autolog on", () => {
  let env: Awaited<ReturnType<typeof fakeChat>>;
  beforeAll(async () => {
    env = await fakeChat();
    // no arguments: @langchain/openai 0.6's own copy of openai is found from this package's dependencies
    autologOpenAI();
  });
  afterAll(async () => {
    autologOpenAI({ disable: true });
    await env.fake.close();
  });

  it("gives one trace, the raw OpenAI call under the ChatOpenAI span, tokens counted once", async () => {
    const client = await useMemoryStore();
    const prompt = ChatPromptTemplate.fromMessages([["human", "Tell me about {topic}"]]);
    await prompt.pipe(env.model).invoke({ topic: "bears" }, { callbacks: [new TraceloomCallbackHandler()] });
    const trace = await onlyTrace(client);
    expect(treeOf(trace)).toBe(["RunnableSequence [CHAIN]", "  ChatPromptTemplate [CHAIN]", "  ChatOpenAI [CHAT_MODEL]", "    ChatCompletions [CHAT_MODEL]"].join("\n"));
    expect(spanNamed(trace, "ChatCompletions").parentId).toBe(spanNamed(trace, "ChatOpenAI").spanId);
    expect(JSON.parse(trace.info.metadata["mlflow.trace.tokenUsage"])).toEqual({ input_tokens: 4, output_tokens: 5, total_tokens: 9 });
  });
});
