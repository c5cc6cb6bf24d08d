import { startFakeOpenAI } from "@traceloom/testkit";
import { ChatOpenAI } from "@langchain/openai";

export { allTraces, autologSuite, onlyTrace, spanNamed, treeOf, useMemoryStore } from "./trace-helpers.js";

/** A fake OpenAI server and a ChatOpenAI pointed at it. */
export async function fakeChat(options: { streaming?: boolean } = {}) {
  const fake = await startFakeOpenAI();
  const model = new ChatOpenAI({ model: "gpt-4o-mini", apiKey: "test", configuration: { baseURL: fake.url }, maxRetries: 0, ...options });
  return { fake, model };
}
