/**
 * `@traceloom/testkit` — a loopback HTTP server that speaks the OpenAI REST API (chat completions, legacy
 * completions, responses, embeddings, models), with scriptable, deterministic replies for integration tests.
 * @packageDocumentation
 */
export { startFakeOpenAI } from "./server.js";
export { replyByMatch, toolCallThenAnswer, echoText, isErrorReply } from "./script.js";
export type { Matcher, ReplySource } from "./script.js";
export { embedText, toBase64Float32 } from "./embeddings.js";
export { countWords } from "./text.js";
export { buildIfStale } from "./build-if-stale.js";
export type {
  DeliveryOptions,
  Endpoint,
  ErrorReply,
  FakeOpenAI,
  FakeOpenAIOptions,
  Handler,
  Interruption,
  MessageReply,
  RecordedRequest,
  Reply,
  ScriptContext,
  ToolCallSpec,
  UsageOverride,
} from "./types.js";
export * from "./gemini/index.js";
export * from "./anthropic/index.js";
