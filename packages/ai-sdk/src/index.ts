/**
 * @traceloom/ai-sdk — `autolog()` for the Vercel AI SDK (`ai` 7, and `ai` 6 from 6.0.111): every operation, model step and tool call
 * becomes an MLflow-style span, and nothing changes for the caller.
 * @packageDocumentation
 */
export { autolog, type AiSdkAutologOptions } from "./autolog.js";
