import { describe } from "vitest";
import { MANAGERS, programFiles, useInstalledApps } from "./app-suite.js";
import { LANGCHAIN_PROGRAMS, langchainCases } from "./langchain-cases.js";
import { plainOpenAICases, PLAIN_OPENAI_PROGRAMS } from "./openai-cases.js";

// @langchain/core 0.3 (the versions of packages/langchain/compat-0.3). The app also calls openai 4 itself, while
// @langchain/openai 0.6 pins openai 5.12.2: two majors in one dependency graph, the LangChain one nested.
const suite = useInstalledApps({
  name: "langchain-0.3",
  traceloom: ["openai", "langchain"],
  dependencies: { "@langchain/core": "0.3.80", "@langchain/openai": "0.6.17", "@langchain/langgraph": "0.4.9", zod: "3.25.76", openai: "4.104.0" },
  files: programFiles(...LANGCHAIN_PROGRAMS, ...PLAIN_OPENAI_PROGRAMS),
});

langchainCases(suite, "LangChain 0.3 + LangGraph 0.4 app", 5);
describe.each(MANAGERS)("the same app's own openai 4, installed with %s", (manager) => plainOpenAICases(suite, manager, 4));
