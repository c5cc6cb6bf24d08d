import { SpanType, type SpanTypeName } from "@traceloom/core";

/** How a Mastra span type is recorded: as a span of our type, hidden (its children move up), or dropped. */
export type SpanKind = { record: SpanTypeName } | "hidden" | "dropped";

/**
 * Mastra span types → ours. A model call is recorded once per step: `model_step` is the CHAT_MODEL span (the step's
 * tool calls run inside it); the `model_generation` around the steps and the `model_inference` inside each are hidden
 * (their data goes to the steps), streamed chunks are dropped.
 */
const KINDS: Record<string, SpanKind> = {
  agent_run: { record: SpanType.AGENT },
  model_generation: "hidden",
  model_step: { record: SpanType.CHAT_MODEL },
  model_inference: "hidden",
  model_chunk: "dropped",
  tool_call: { record: SpanType.TOOL },
  mcp_tool_call: { record: SpanType.TOOL },
  client_tool_call: { record: SpanType.TOOL },
  provider_tool_call: { record: SpanType.TOOL },
  workflow_run: { record: SpanType.CHAIN },
  workflow_step: { record: SpanType.CHAIN },
  workflow_conditional: { record: SpanType.CHAIN },
  workflow_conditional_eval: { record: SpanType.CHAIN },
  workflow_parallel: { record: SpanType.CHAIN },
  workflow_loop: { record: SpanType.CHAIN },
  workflow_sleep: { record: SpanType.CHAIN },
  workflow_wait_event: { record: SpanType.CHAIN },
  processor_run: { record: SpanType.CHAIN },
  memory_operation: { record: SpanType.MEMORY },
  rag_embedding: { record: SpanType.EMBEDDING },
  rag_vector_operation: { record: SpanType.RETRIEVER },
};

/** How spans of Mastra's type `type` are recorded (unknown types: UNKNOWN spans). */
export function kindOf(type: unknown): SpanKind {
  return KINDS[String(type)] ?? { record: SpanType.UNKNOWN };
}
