/** A chat message in the OpenAI shape the chat view shows (`mlflow.message.format: "openai"`). */
export interface ChatMessage {
  role: string;
  content: unknown;
  tool_calls?: ChatToolCall[];
  tool_call_id?: string;
  name?: string;
}

/** A tool call of an assistant message, OpenAI-shaped. */
export interface ChatToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

type Loose = Record<string, any>;

function asJsonText(value: unknown): string {
  if (typeof value === "string") return value;
  try {
    return JSON.stringify(value ?? {}) ?? "";
  } catch {
    return String(value);
  }
}

/** A tool call as Mastra / the AI SDK report it (`toolCallId`, `toolName`, `args` or `input`), OpenAI-shaped. */
export function toChatToolCall(call: Loose): ChatToolCall {
  const payload = (call.payload && typeof call.payload === "object" ? call.payload : call) as Loose;
  return {
    id: String(payload.toolCallId ?? payload.id ?? ""),
    type: "function",
    function: { name: String(payload.toolName ?? payload.name ?? ""), arguments: asJsonText(payload.args ?? payload.input) },
  };
}

/** The result a tool returned, as the text a `role: "tool"` message carries. */
export function toolResultText(output: unknown): string {
  if (output && typeof output === "object" && "type" in output && "value" in output) return asJsonText((output as Loose).value);
  return asJsonText(output);
}

/** One AI SDK / Mastra message (string content, or parts: text, tool-call, tool-result, image, file) as chat messages. */
function convertMessage(message: unknown): ChatMessage[] {
  if (typeof message === "string") return [{ role: "user", content: message }];
  if (!message || typeof message !== "object") return [];
  const m = message as Loose;
  const role = typeof m.role === "string" ? m.role : "user";
  const content = m.content;
  if (!Array.isArray(content)) {
    if (content && typeof content === "object" && Array.isArray((content as Loose).parts)) return convertMessage({ role, content: (content as Loose).parts });
    return [{ role, content: content ?? "" }];
  }
  const texts: string[] = [];
  const others: Loose[] = [];
  const toolCalls: ChatToolCall[] = [];
  const toolResults: ChatMessage[] = [];
  for (const part of content as Loose[]) {
    if (!part || typeof part !== "object") continue;
    if (part.type === "text" || part.type === "reasoning") texts.push(String(part.text ?? ""));
    else if (part.type === "tool-call" || part.type === "tool-invocation") toolCalls.push(toChatToolCall(part.toolInvocation ?? part));
    else if (part.type === "tool-result") {
      toolResults.push({ role: "tool", tool_call_id: String(part.toolCallId ?? ""), content: toolResultText(part.output ?? part.result) });
    } else others.push({ type: part.type, ...(part.mediaType ? { mediaType: part.mediaType } : {}) });
  }
  const result: ChatMessage[] = [];
  if (texts.length > 0 || toolCalls.length > 0 || others.length > 0) {
    const text = texts.join("");
    const message: ChatMessage = { role, content: others.length > 0 ? [...texts.map((t) => ({ type: "text", text: t })), ...others] : text };
    if (toolCalls.length > 0) message.tool_calls = toolCalls;
    result.push(message);
  }
  return [...result, ...toolResults];
}

/**
 * Messages as Mastra takes or passes them (a string, a list of strings or messages, `{ messages }`) in the OpenAI
 * chat shape; anything else is undefined, so the caller records it as it is.
 */
export function toChatMessages(input: unknown): ChatMessage[] | undefined {
  if (typeof input === "string") return [{ role: "user", content: input }];
  if (input && typeof input === "object" && !Array.isArray(input) && Array.isArray((input as Loose).messages)) return toChatMessages((input as Loose).messages);
  if (!Array.isArray(input)) return undefined;
  if (!input.every((m) => typeof m === "string" || (m && typeof m === "object" && typeof (m as Loose).role === "string"))) return undefined;
  return input.flatMap(convertMessage);
}

/** A step's (or generation's) output — text and tool calls — as the assistant message. */
export function assistantMessage(output: unknown): ChatMessage {
  const o = (output ?? {}) as Loose;
  const message: ChatMessage = { role: "assistant", content: typeof o.text === "string" ? o.text : "" };
  if (Array.isArray(o.toolCalls) && o.toolCalls.length > 0) message.tool_calls = o.toolCalls.map((c: Loose) => toChatToolCall(c));
  return message;
}
