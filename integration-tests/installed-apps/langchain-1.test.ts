import { programFiles, useInstalledApps } from "./app-suite.js";
import { LANGCHAIN_PROGRAMS, langchainCases } from "./langchain-cases.js";

// @langchain/core 1.x, as a user lists it: no direct dependency on openai (@langchain/openai brings openai 7).
const suite = useInstalledApps({
  name: "langchain-1",
  traceloom: ["openai", "langchain"],
  dependencies: { "@langchain/core": "1.4.0", "@langchain/openai": "1.6.0", "@langchain/langgraph": "1.7.3", zod: "4.6.7" },
  files: programFiles(...LANGCHAIN_PROGRAMS),
});

langchainCases(suite, "LangChain 1.x + LangGraph 1.x app", 7);
