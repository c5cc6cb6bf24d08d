/**
 * @traceloom/anthropic — `autolog()` for the Anthropic TypeScript SDK (`@anthropic-ai/sdk` 0.x and 1.x): every
 * Messages call becomes an MLflow-style span, and nothing changes for the caller.
 * @packageDocumentation
 */
export { autolog, type AnthropicAutologOptions } from "./autolog.js";
export { tracedAnthropic } from "./traced-anthropic.js";
