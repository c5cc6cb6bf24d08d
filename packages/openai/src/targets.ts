import { SpanType, type SpanTypeName } from "@traceloom/core";

/** Which OpenAI endpoint a traced method calls; decides the span type, outputs and stream aggregation. */
export type CallKind = "chat" | "completion" | "response" | "embedding";

/** A traced SDK method: where its resource sits on a client, and how its span looks. */
export interface TracedMethod {
  /** Property path from the client to the resource object, e.g. `["chat", "completions"]`. */
  path: readonly string[];
  /** Method name on the resource. */
  method: "create";
  kind: CallKind;
  spanName: string;
  spanType: SpanTypeName;
}

/**
 * Every method traced. `chat.completions.parse/stream/runTools` and `responses.parse/stream` call the client's
 * `create`, so tracing `create` covers them with one span per request.
 */
export const TRACED_METHODS: readonly TracedMethod[] = [
  { path: ["chat", "completions"], method: "create", kind: "chat", spanName: "ChatCompletions", spanType: SpanType.CHAT_MODEL },
  { path: ["completions"], method: "create", kind: "completion", spanName: "Completions", spanType: SpanType.LLM },
  { path: ["responses"], method: "create", kind: "response", spanName: "Responses", spanType: SpanType.CHAT_MODEL },
  { path: ["beta", "responses"], method: "create", kind: "response", spanName: "Responses", spanType: SpanType.CHAT_MODEL },
  { path: ["embeddings"], method: "create", kind: "embedding", spanName: "Embeddings", spanType: SpanType.EMBEDDING },
];
