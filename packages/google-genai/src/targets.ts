import { SpanType, type SpanTypeName } from "@traceloom/core";

/** What a traced call returns: one response, a stream of response chunks, or embeddings. */
export type CallKind = "generate" | "stream" | "embed";

/**
 * A traced method of the SDK's `Models` class. These are the internal methods that each send exactly one request:
 * the public `generateContent`, `generateContentStream` and `embedContent` are arrow functions each client makes
 * for itself in its constructor (nothing on a prototype to patch), and they call these — as do chat sessions
 * (`chats.create().sendMessage/sendMessageStream`) — once per request, automatic function calling and
 * continuation rounds included. So one request is one span, and a chat call is one span too.
 */
export interface TracedMethod {
  method: "generateContentInternal" | "generateContentStreamInternal" | "embedContentInternal";
  kind: CallKind;
  spanName: string;
  spanType: SpanTypeName;
}

/** Every method traced, as the `Models` class of @google/genai 1 to 3 names it. */
export const TRACED_METHODS: readonly TracedMethod[] = [
  { method: "generateContentInternal", kind: "generate", spanName: "Models.generateContent", spanType: SpanType.CHAT_MODEL },
  { method: "generateContentStreamInternal", kind: "stream", spanName: "Models.generateContentStream", spanType: SpanType.CHAT_MODEL },
  { method: "embedContentInternal", kind: "embed", spanName: "Models.embedContent", spanType: SpanType.EMBEDDING },
];

/** The value of `mlflow.message.format` on these spans, as MLflow's own Gemini autolog sets it. */
export const MESSAGE_FORMAT = "gemini";
