/**
 * The kind of work a span represents, as in MLflow's `SpanType`.
 * Stored JSON-encoded in the `mlflow.spanType` attribute.
 */
export const SpanType = {
  LLM: "LLM",
  CHAT_MODEL: "CHAT_MODEL",
  CHAIN: "CHAIN",
  AGENT: "AGENT",
  TOOL: "TOOL",
  RETRIEVER: "RETRIEVER",
  EMBEDDING: "EMBEDDING",
  RERANKER: "RERANKER",
  PARSER: "PARSER",
  MEMORY: "MEMORY",
  UNKNOWN: "UNKNOWN",
} as const;

/** One of the {@link SpanType} values; any other string is accepted as a custom type. */
export type SpanTypeName = (typeof SpanType)[keyof typeof SpanType] | (string & {});
