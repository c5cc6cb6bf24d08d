/**
 * @traceloom/openai-agents — autolog() for the OpenAI Agents SDK (`@openai/agents`).
 * @packageDocumentation
 */
export { autolog } from "./autolog.js";
