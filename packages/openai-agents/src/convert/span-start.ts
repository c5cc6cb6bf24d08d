import { SpanType, type SpanTypeName } from "@traceloom/core";

/** How an SDK span appears in traceloom when it starts: name, type and the attributes known so far. */
export interface StartShape {
  name: string;
  spanType: SpanTypeName;
  attributes: Record<string, unknown>;
}

type Data = { type: string; [key: string]: unknown };

const str = (v: unknown, fallback: string): string => (typeof v === "string" && v.length > 0 ? v : fallback);

/**
 * The traceloom span type of each SDK span kind: the run (`task`), agents, their turns, model calls
 * (`response` for the Responses API, `generation` for Chat Completions), function and MCP tools, handoffs,
 * guardrails, and the voice pipeline's spans.
 */
export function startShape(data: Data): StartShape {
  switch (data.type) {
    case "task":
      return { name: str(data.name, "Agent workflow"), spanType: SpanType.CHAIN, attributes: {} };
    case "agent":
      return { name: str(data.name, "agent"), spanType: SpanType.AGENT, attributes: {} };
    case "turn":
      return { name: `turn ${String(data.turn ?? "")}`.trim(), spanType: SpanType.CHAIN, attributes: { "openai_agents.agent": data.agent_name } };
    case "response":
      return { name: "response", spanType: SpanType.CHAT_MODEL, attributes: { "mlflow.message.format": "openai" } };
    case "generation":
      return { name: "generation", spanType: SpanType.CHAT_MODEL, attributes: { "mlflow.message.format": "openai" } };
    case "function":
      return { name: str(data.name, "tool"), spanType: SpanType.TOOL, attributes: {} };
    case "mcp_tools":
      return { name: "mcp list_tools", spanType: SpanType.TOOL, attributes: {} };
    case "handoff":
      return { name: "handoff", spanType: SpanType.CHAIN, attributes: {} };
    case "guardrail":
      return { name: str(data.name, "guardrail"), spanType: SpanType.CHAIN, attributes: { "openai_agents.guardrail": true } };
    case "custom":
      return { name: str(data.name, "custom"), spanType: SpanType.UNKNOWN, attributes: {} };
    case "transcription":
    case "speech":
      return { name: data.type, spanType: SpanType.LLM, attributes: {} };
    case "speech_group":
      return { name: "speech group", spanType: SpanType.CHAIN, attributes: {} };
    default:
      return { name: str(data.type, "span"), spanType: SpanType.UNKNOWN, attributes: {} };
  }
}
