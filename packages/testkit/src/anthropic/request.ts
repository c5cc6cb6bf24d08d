import type { AnthropicRequestInfo } from "./types.js";
import { words } from "./render.js";

type Obj = Record<string, any>;

/** The text of a message's content: a string, or its text blocks (and tool results' text) joined. */
function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((b: Obj) => (b?.type === "text" ? String(b.text) : b?.type === "tool_result" ? textOf(b.content) : ""))
    .filter(Boolean)
    .join("\n");
}

/** A 400 message when the body is not a valid Messages request (as the API checks it), else undefined. */
export function invalidMessagesRequest(body: Obj | undefined, countOnly: boolean): string | undefined {
  if (!body || typeof body !== "object") return "request body must be a JSON object";
  if (typeof body.model !== "string") return "model: Field required";
  if (!countOnly && typeof body.max_tokens !== "number") return "max_tokens: Field required";
  if (!Array.isArray(body.messages) || body.messages.length === 0) return "messages: at least one message is required";
  for (const [i, m] of body.messages.entries()) {
    if (m?.role !== "user" && m?.role !== "assistant") return `messages.${i}.role: Input should be 'user' or 'assistant'`;
  }
  return undefined;
}

/** What a handler is told about a valid request. */
export function describeRequest(body: Obj): AnthropicRequestInfo {
  const messages = body.messages as Obj[];
  const lastUser = [...messages].reverse().find((m) => m.role === "user");
  const last = messages[messages.length - 1];
  const hasToolResult = Array.isArray(last?.content) && last.content.some((b: Obj) => b?.type === "tool_result");
  return { body, lastUserText: lastUser ? textOf(lastUser.content) : "", hasToolResult };
}

/** Fake input tokens: the words of the system prompt and of every message. */
export function inputTokensOf(body: Obj): number {
  const system = typeof body.system === "string" ? body.system : textOf(body.system);
  return words(system) + (body.messages as Obj[]).reduce((n, m) => n + words(textOf(m.content)), 0);
}
