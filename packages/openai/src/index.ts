/**
 * @traceloom/openai — `autolog()` for the OpenAI Node SDK (openai 4 to 7): every call becomes an MLflow-style
 * span, and nothing changes for the caller.
 * @packageDocumentation
 */
export { autolog, type OpenAIAutologOptions } from "./autolog.js";
export { tracedOpenAI } from "./traced-openai.js";
