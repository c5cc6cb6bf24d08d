/**
 * @traceloom/langchain — autolog for LangChain.js and LangGraph: every run traced as one nested tree.
 * @packageDocumentation
 */
export { autolog } from "./autolog.js";
export { TraceloomCallbackHandler } from "./handler/traceloom-callback-handler.js";
