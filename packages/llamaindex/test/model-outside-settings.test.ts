import { withSpan } from "@traceloom/core";
import { autolog as autologOpenAI } from "@traceloom/openai";
import { OpenAI } from "@llamaindex/openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openaiUsedByLlamaIndex } from "./support/openai-copy.js";
import { useLlamaIndex } from "./support/setup.js";
import { onlySpan, treeOf } from "./support/tree.js";

/** No model in `Settings`: the models here are reached by no engine, agent or setting before their first call. */
const h = useLlamaIndex({ settingsModels: false });

const newModel = () => new OpenAI({ model: "gpt-4o-mini", apiKey: "test", baseURL: h.fake().url, maxRetries: 0 });
const ask = (llm: OpenAI, content: string) => llm.chat({ messages: [{ role: "user", content }] });

describe("a model called directly, outside Settings, engines and agents, with @traceloom/openai's autolog on too", () => {
  /** Built after autolog(), before any model call of this file: no call has shown LlamaIndex's OpenAI class yet. */
  let models: OpenAI[] = [];
  beforeAll(async () => {
    autologOpenAI({ openai: await openaiUsedByLlamaIndex() });
    models = [newModel(), newModel()];
  });
  afterAll(() => autologOpenAI({ disable: true }));

  it("its first call nests the raw OpenAI call under the model span, and the trace counts the tokens once", async () => {
    const llm = models[0]!;
    h.fake().script({ text: "Planned.", usage: { input: 5, output: 1 } });
    const reply = await withSpan("my-agent", () => ask(llm, "Plan please"));
    expect(reply.message.content).toBe("Planned.");

    const traces = await h.traces();
    expect(traces).toHaveLength(1);
    const tree = treeOf(traces[0]!).split("\n");
    expect(tree.slice(0, 2)).toEqual(["UNKNOWN my-agent", "  CHAT_MODEL OpenAI.chat"]);
    expect(tree).toHaveLength(3);
    expect(tree[2]).toMatch(/^ {4}CHAT_MODEL \S+/);
    const model = onlySpan(traces[0]!, "OpenAI.chat");
    expect(model.attribute("model")).toBe("gpt-4o-mini");
    const raw = traces[0]!.childrenOf(model.spanId);
    expect(raw).toHaveLength(1);
    expect(JSON.stringify(raw[0]!.inputs)).toContain("Plan please");
    expect(traces[0]!.tokenUsage).toEqual({ input_tokens: 5, output_tokens: 1, total_tokens: 6 });
  });

  it("its first call without an outer span is one trace rooted at the model span", async () => {
    h.fake().script({ text: "Alone.", usage: { input: 3, output: 1 } });
    await ask(models[1]!, "Alone please");

    const traces = await h.traces();
    expect(traces).toHaveLength(1);
    expect(treeOf(traces[0]!)).toMatch(/^CHAT_MODEL OpenAI\.chat\n {2}CHAT_MODEL \S+$/);
    expect(traces[0]!.tokenUsage).toEqual({ input_tokens: 3, output_tokens: 1, total_tokens: 4 });
  });
});
