/**
 * AI SDK messages and model output in the OpenAI chat shape the viewer and MLflow show as a conversation
 * (`mlflow.message.format: "openai"`): `{ role, content, tool_calls?, tool_call_id? }`.
 */
export interface ChatMessage {
  role: string;
  content: string | null;
  tool_calls?: ChatToolCall[];
  tool_call_id?: string;
  name?: string;
}

/** A tool call in the OpenAI chat shape; `arguments` is JSON text. */
export interface ChatToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

type Part = Record<string, unknown>;

const isObject = (v: unknown): v is Part => typeof v === "object" && v !== null && !Array.isArray(v);

function jsonText(value: unknown): string {
  if (typeof value === "string") return value;
  try {
    return JSON.stringify(value) ?? "";
  } catch {
    return String(value);
  }
}

/** The text of a tool result's `output` (`{ type: "text" | "json" | "error-text" | …, value }` or a raw value). */
function toolOutputText(output: unknown): string {
  if (isObject(output) && typeof output.type === "string" && "value" in output) return jsonText(output.value);
  return jsonText(output);
}

/** A tool-call content part (`{ type: "tool-call", toolCallId, toolName, input }`) in the OpenAI shape. */
export function chatToolCall(part: Part): ChatToolCall {
  return {
    id: String(part.toolCallId ?? ""),
    type: "function",
    function: { name: String(part.toolName ?? "tool"), arguments: jsonText(part.input ?? part.args ?? {}) },
  };
}

function partsText(parts: Part[]): string | null {
  const text = parts
    .filter((p) => p.type === "text" && typeof p.text === "string")
    .map((p) => p.text as string)
    .join("");
  const others = parts.filter((p) => p.type === "image" || p.type === "file").map((p) => `[${String(p.type)}]`);
  const all = [text, ...others].filter(Boolean).join("\n");
  return all === "" ? null : all;
}

function convertMessage(message: unknown): ChatMessage[] {
  if (!isObject(message) || typeof message.role !== "string") return [];
  const { role, content } = message;
  if (typeof content === "string") return [{ role, content }];
  const parts = Array.isArray(content) ? content.filter(isObject) : [];
  if (role === "tool") {
    return parts
      .filter((p) => p.type === "tool-result")
      .map((p) => ({ role: "tool", content: toolOutputText(p.output ?? p.result), tool_call_id: String(p.toolCallId ?? ""), name: String(p.toolName ?? "") }));
  }
  const calls = parts.filter((p) => p.type === "tool-call").map(chatToolCall);
  const out: ChatMessage = { role, content: partsText(parts) };
  if (calls.length > 0) out.tool_calls = calls;
  return [out];
}

/**
 * A prompt (`instructions`/`system` and model messages) as OpenAI chat messages. A plain `prompt` string, as
 * ai 6's start event gives it, becomes one user message.
 */
export function chatMessages(messages: unknown, system?: unknown, prompt?: unknown): ChatMessage[] {
  const out: ChatMessage[] = [];
  if (typeof system === "string" && system !== "") out.push({ role: "system", content: system });
  if (Array.isArray(system)) out.push(...system.flatMap(convertMessage));
  if (Array.isArray(messages)) out.push(...messages.flatMap(convertMessage));
  else if (typeof prompt === "string") out.push({ role: "user", content: prompt });
  else if (Array.isArray(prompt)) out.push(...prompt.flatMap(convertMessage));
  return out;
}

/** A model's reply (its content parts, or plain text) as one assistant message. */
export function assistantMessage(content: unknown, text?: unknown): ChatMessage {
  const parts = Array.isArray(content) ? content.filter(isObject) : [];
  const calls = parts.filter((p) => p.type === "tool-call").map(chatToolCall);
  const message: ChatMessage = { role: "assistant", content: typeof text === "string" && text !== "" ? text : partsText(parts) };
  if (calls.length > 0) message.tool_calls = calls;
  return message;
}

/** Tool definitions as the OpenAI `tools` list (from an array of definitions or a `{ name: tool }` set). */
export function chatTools(tools: unknown): unknown[] | undefined {
  const entries: Array<[string, Part]> = Array.isArray(tools)
    ? tools.filter(isObject).map((t) => [String(t.name ?? "tool"), t])
    : isObject(tools)
      ? Object.entries(tools).filter((e): e is [string, Part] => isObject(e[1]))
      : [];
  if (entries.length === 0) return undefined;
  return entries.map(([name, t]) => ({
    type: "function",
    function: { name, description: t.description, parameters: schemaOf(t.inputSchema ?? t.parameters) },
  }));
}

/**
 * A JSON schema from a tool's input schema: the AI SDK's `jsonSchema` wrapper, plain JSON schema, or — as ai 6
 * passes the user's tools as they are — a Standard Schema that can state its JSON schema (zod 4 does).
 */
function schemaOf(schema: unknown): unknown {
  if (!isObject(schema)) return undefined;
  if (isObject(schema.jsonSchema)) return schema.jsonSchema;
  const standard = schema["~standard"];
  if (isObject(standard)) return standardJsonSchema(standard);
  if ("type" in schema || "properties" in schema) return schema;
  return undefined;
}

function standardJsonSchema(standard: Part): unknown {
  const convert = isObject(standard.jsonSchema) ? standard.jsonSchema.input : undefined;
  if (typeof convert !== "function") return undefined;
  try {
    return convert({ target: "draft-07" });
  } catch {
    return undefined;
  }
}
