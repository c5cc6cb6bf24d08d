/** A chat message in the OpenAI shape MLflow shows (`mlflow.message.format: "openai"`). */
export interface ChatMessageRecord {
  role: string;
  content: unknown;
  name?: string;
  tool_calls?: { id?: string; type: "function"; function: { name: string; arguments: string } }[];
  tool_call_id?: string;
}

const ROLE_BY_TYPE: Record<string, string> = {
  human: "user",
  user: "user",
  ai: "assistant",
  assistant: "assistant",
  system: "system",
  developer: "developer",
  tool: "tool",
  function: "function",
};

const ROLE_BY_CLASS: Record<string, string> = {
  HumanMessage: "user",
  HumanMessageChunk: "user",
  AIMessage: "assistant",
  AIMessageChunk: "assistant",
  SystemMessage: "system",
  SystemMessageChunk: "system",
  ToolMessage: "tool",
  ToolMessageChunk: "tool",
  FunctionMessage: "function",
};

type Loose = Record<string, any>;

/** The message type LangChain reports (`human`, `ai`, …), across 0.3 and 1.x message classes. */
function messageType(m: Loose): string | undefined {
  if (typeof m.type === "string") return m.type;
  if (typeof m._getType === "function") return m._getType();
  if (typeof m.getType === "function") return m.getType();
  return undefined;
}

function roleOf(m: Loose, fields: Loose): string {
  if (m.lc === 1 && Array.isArray(m.id)) return ROLE_BY_CLASS[String(m.id.at(-1))] ?? "user";
  if (typeof fields.role === "string") return ROLE_BY_TYPE[fields.role] ?? fields.role;
  const type = messageType(m);
  return (type && ROLE_BY_TYPE[type]) ?? "user";
}

function toolCallsOf(fields: Loose): ChatMessageRecord["tool_calls"] {
  const calls = fields.tool_calls;
  if (!Array.isArray(calls) || calls.length === 0) return undefined;
  return calls.map((c: Loose) => ({
    id: c.id,
    type: "function" as const,
    function: { name: String(c.name ?? c.function?.name ?? ""), arguments: typeof c.args === "string" ? c.args : JSON.stringify(c.args ?? c.function?.arguments ?? {}) },
  }));
}

/** Converts one LangChain message (an instance, its serialized form, or a plain `{role, content}`) to the OpenAI shape. */
export function toChatMessage(message: unknown): ChatMessageRecord {
  if (typeof message === "string") return { role: "user", content: message };
  const m = (message ?? {}) as Loose;
  const fields: Loose = m.lc === 1 && m.kwargs ? m.kwargs : m;
  const record: ChatMessageRecord = { role: roleOf(m, fields), content: fields.content ?? "" };
  if (typeof fields.name === "string" && fields.name) record.name = fields.name;
  const toolCalls = toolCallsOf(fields);
  if (toolCalls) record.tool_calls = toolCalls;
  if (typeof fields.tool_call_id === "string") record.tool_call_id = fields.tool_call_id;
  return record;
}

/** Converts a list of messages; anything that is not a list is returned as is. */
export function toChatMessages(messages: unknown): unknown {
  return Array.isArray(messages) ? messages.map(toChatMessage) : messages;
}
