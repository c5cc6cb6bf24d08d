/**
 * @traceloom/ai-sdk — `autolog()` for the Vercel AI SDK (`ai` 7): every operation, model step and tool call
 * becomes an MLflow-style span, and nothing changes for the caller.
 * @packageDocumentation
 */
export { autolog, type AiSdkAutologOptions } from "./autolog.js";
