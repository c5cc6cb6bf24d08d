import { describe, expect, it } from "vitest";
import { MANAGERS, type AppSuite } from "./app-suite.js";
import { installedVersion } from "../support/installed-package.js";
import { traceTokenUsage, treeOf } from "../support/stored-traces.js";

/** The LangChain programs every LangChain app variant runs. */
export const LANGCHAIN_PROGRAMS = ["langchain-autolog.mjs", "langchain-autolog.cjs", "langchain-handler.mjs", "langchain-handler.cjs"];

/** `prompt | ChatOpenAI` on "Tell me about bears": the raw request nested under the model, 4 + 5 tokens, counted once. */
const CHAIN_TREE = ["RunnableSequence [CHAIN]", "  ChatPromptTemplate [CHAIN]", "  ChatOpenAI [CHAT_MODEL]", "    ChatCompletions [CHAT_MODEL]"].join("\n");
const CHAIN_USAGE = { input_tokens: 4, output_tokens: 5, total_tokens: 9 };
/** A one-node LangGraph graph whose node calls the model on "hello graph": 2 + 3 tokens. */
const GRAPH_TREE = ["LangGraph [CHAIN]", "  agent [CHAIN]", "    ChatOpenAI [CHAT_MODEL]", "      ChatCompletions [CHAT_MODEL]"].join("\n");
const GRAPH_USAGE = { input_tokens: 2, output_tokens: 3, total_tokens: 5 };

/**
 * The LangChain cases of one installed app variant: with both autologs on, a chain and a LangGraph graph are one trace
 * each with `ChatOpenAI → ChatCompletions` nested and tokens counted once; with LangChain's autolog off and the handler
 * passed to one call (OpenAI autolog on), the chain is still one trace.
 */
export function langchainCases(suite: AppSuite, label: string, openaiMajor: number): void {
  describe.each(MANAGERS)(`${label}, installed with %s`, (manager) => {
    it(`is laid out so: @langchain/openai resolves its own openai ${openaiMajor}`, () => {
      expect(installedVersion(suite.dir(manager), "@langchain/openai", "openai")).toMatch(new RegExp(`^${openaiMajor}\\.`));
    });

    it.each(["langchain-autolog.mjs", "langchain-autolog.cjs"])("%s: chain and graph are one trace each, ChatOpenAI → ChatCompletions", async (file) => {
      const run = await suite.run(manager, file);
      expect(run.output).toEqual({ chain: "Echo: Tell me about bears", graph: "Echo: hello graph" });
      expect(run.traces.map(treeOf)).toEqual([CHAIN_TREE, GRAPH_TREE]);
      expect(run.traces.map(traceTokenUsage)).toEqual([CHAIN_USAGE, GRAPH_USAGE]);
      const raw = run.traces[0].spans.find((s) => s.name === "ChatCompletions");
      expect(raw?.tokenUsage).toEqual(CHAIN_USAGE);
      expect(run.stderr).not.toMatch(/traceloom/i);
    });

    it.each(["langchain-handler.mjs", "langchain-handler.cjs"])("%s: explicit handler + OpenAI autolog is one trace", async (file) => {
      const run = await suite.run(manager, file);
      expect(run.output).toEqual({ chain: "Echo: Tell me about bears" });
      expect(run.traces.map(treeOf)).toEqual([CHAIN_TREE]);
      expect(run.traces.map(traceTokenUsage)).toEqual([CHAIN_USAGE]);
      expect(run.stderr).not.toMatch(/traceloom/i);
    });
  });
}
