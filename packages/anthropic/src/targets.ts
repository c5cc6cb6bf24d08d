import { SpanType, type SpanTypeName } from "@traceloom/core";

/** What a traced method does: create a message (plain or streamed), or count the tokens of one. */
export type CallKind = "message" | "count";

/** A traced SDK method: where its resource sits on a client, and how its span looks. */
export interface TracedMethod {
  /** Property path from the client to the resource object, e.g. `["beta", "messages"]`. */
  path: readonly string[];
  method: "create" | "countTokens";
  kind: CallKind;
  spanName: string;
  spanType: SpanTypeName;
}

/**
 * Every method traced. `messages.stream()`, `messages.parse()` and the beta tool runner call the resource's own
 * `create`, so tracing `create` covers them with one span per request. Message batches are not traced: creating a
 * batch runs no model call in the request, and its results arrive much later, outside any caller's trace.
 */
export const TRACED_METHODS: readonly TracedMethod[] = [
  { path: ["messages"], method: "create", kind: "message", spanName: "Messages.create", spanType: SpanType.CHAT_MODEL },
  { path: ["beta", "messages"], method: "create", kind: "message", spanName: "Messages.create", spanType: SpanType.CHAT_MODEL },
  { path: ["messages"], method: "countTokens", kind: "count", spanName: "Messages.countTokens", spanType: SpanType.UNKNOWN },
  { path: ["beta", "messages"], method: "countTokens", kind: "count", spanName: "Messages.countTokens", spanType: SpanType.UNKNOWN },
];
