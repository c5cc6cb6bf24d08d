import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ChatPromptTemplate } from "@langchain/core/prompts";
import { StringOutputParser } from "@langchain/core/output_parsers";
import { autolog } from "../src/index.js";
import { fakeChat, onlyTrace, spanNamed, treeOf, useMemoryStore } from "./helpers.js";

describe("LCEL sequence: prompt → chat model → parser", () => {
  let env: Awaited<ReturnType<typeof fakeChat>>;
  beforeAll(async () => {
    env = await fakeChat();
    autolog();
  });
  afterAll(async () => {
    autolog({ disable: true });
    await env.fake.close();
  });
  beforeEach(() => env.fake.reset());

  it("records one trace with the sequence as root and each step nested under it", async () => {
    const client = await useMemoryStore();
    const prompt = ChatPromptTemplate.fromMessages([["system", "Be brief."], ["human", "Tell me about {topic}"]]);
    const chain = prompt.pipe(env.model).pipe(new StringOutputParser());
    const out = await chain.invoke({ topic: "bears" });
    expect(out).toBe("Echo: Tell me about bears");
    const trace = await onlyTrace(client);
    console.warn(treeOf(trace));
    console.warn(JSON.stringify(trace.spans.map(s=>[s.name, s.attributes]), null, 1));
  });
});
