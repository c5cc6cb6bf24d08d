import { ChatGoogleGenerativeAI } from "@langchain/google-genai";
import { Gemini, GEMINI_MODEL } from "@llamaindex/google";
import { autolog as langchainAutolog } from "@traceloom/langchain";
import { autolog as llamaindexAutolog } from "@traceloom/llamaindex";
import type { Span, Trace } from "@traceloom/core";
import { describe, expect, it } from "vitest";
import { autolog } from "../src/index.js";
import { allTraces, SECRET_KEY, useFakeAndStore } from "./helpers.js";

const fake = useFakeAndStore();

const shape = (t: Trace) => t.spans.map((s) => `${s.name} [${s.spanType}]`);
const usageOf = (t: Trace) => JSON.parse(t.info.metadata["mlflow.trace.tokenUsage"] ?? "null");
const named = (t: Trace, name: string): Span => t.spans.find((s) => s.name === name)!;

describe("under LangChain's ChatGoogleGenerativeAI (@langchain/google-genai 2.3, built on the older @google/generative-ai)", () => {
  it("one request is the LangChain span alone, its tokens counted once; streamed too", async () => {
    autolog();
    langchainAutolog();
    try {
      const model = new ChatGoogleGenerativeAI({ model: "gemini-2.5-flash", apiKey: SECRET_KEY, baseUrl: fake().url, maxRetries: 0 });
      fake().script({ text: "Hello from Gemini", usage: { input: 7, output: 3 } }, { text: "streamed reply here", usage: { input: 5, output: 3 } });
      const reply = await model.invoke("Say hello");
      expect(reply.content).toBe("Hello from Gemini");
      let streamed = "";
      for await (const chunk of await model.stream("Stream please")) streamed += String(chunk.content);
      expect(streamed).toBe("streamed reply here");

      const [invoked, stream] = await allTraces();
      // @langchain/google-genai does not use @google/genai, so no SDK span joins it: no request is counted twice
      expect(shape(invoked)).toEqual(["ChatGoogleGenerativeAI [CHAT_MODEL]"]);
      expect(shape(stream)).toEqual(["ChatGoogleGenerativeAI [CHAT_MODEL]"]);
      expect(named(invoked, "ChatGoogleGenerativeAI").tokenUsage).toEqual({ input_tokens: 7, output_tokens: 3, total_tokens: 10 });
      expect(usageOf(invoked)).toEqual({ input_tokens: 7, output_tokens: 3, total_tokens: 10 });
      expect(usageOf(stream)).toEqual({ input_tokens: 5, output_tokens: 3, total_tokens: 8 });
      expect(fake().requests.map((r) => r.geminiMethod)).toEqual(["generateContent", "streamGenerateContent"]);
      expect(JSON.stringify([invoked.toJSON(), stream.toJSON()])).not.toContain(SECRET_KEY);
    } finally {
      langchainAutolog({ disable: true });
    }
  });
});

describe("under LlamaIndex's Gemini LLM (@llamaindex/google 0.4, on @google/genai 1 from its own folder)", () => {
  it("the SDK request nests under the LLM's span, found with no arguments to autolog(); tokens counted once", async () => {
    autolog();
    llamaindexAutolog();
    try {
      const llm = new Gemini({ model: GEMINI_MODEL.GEMINI_2_0_FLASH, apiKey: SECRET_KEY, httpOptions: { baseUrl: fake().url } } as ConstructorParameters<typeof Gemini>[0]);
      fake().script({ text: "Paris is sunny", usage: { input: 6, output: 3 } }, { text: "streaming from gemini", usage: { input: 4, output: 3 } });
      const response = await llm.chat({ messages: [{ role: "user", content: "Weather in Paris?" }] });
      expect(response.message.content).toBe("Paris is sunny");
      let streamed = "";
      for await (const chunk of await llm.chat({ messages: [{ role: "user", content: "Stream it" }], stream: true })) streamed += chunk.delta;
      expect(streamed).toBe("streaming from gemini");

      const [chat, stream] = await allTraces();
      expect(shape(chat)).toEqual(["Gemini.chat [CHAT_MODEL]", "Models.generateContent [CHAT_MODEL]"]);
      expect(named(chat, "Models.generateContent").parentId).toBe(named(chat, "Gemini.chat").spanId);
      expect(named(chat, "Models.generateContent").tokenUsage).toEqual({ input_tokens: 6, output_tokens: 3, total_tokens: 9 });
      expect(usageOf(chat)).toEqual({ input_tokens: 6, output_tokens: 3, total_tokens: 9 });
      expect(shape(stream)).toEqual(["Gemini.chat [CHAT_MODEL]", "Models.generateContentStream [CHAT_MODEL]"]);
      expect(usageOf(stream)).toEqual({ input_tokens: 4, output_tokens: 3, total_tokens: 7 });
      expect(JSON.stringify([chat.toJSON(), stream.toJSON()])).not.toContain(SECRET_KEY);
    } finally {
      llamaindexAutolog({ disable: true });
    }
  });
});
