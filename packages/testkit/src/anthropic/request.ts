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

/** The user's own words in a message: its text, leaving out tool results. */
function userText(content: unknown): string {
  return typeof content === "string" ? content : Array.isArray(content) ? textOf(content.filter((b: Obj) => b?.type !== "tool_result")) : "";
}

/** What a handler is told about a valid request: the last thing the user wrote, and tool results just sent. */
export function describeRequest(body: Obj): AnthropicRequestInfo {
  const messages = body.messages as Obj[];
  const lastUserText = [...messages].reverse().map((m) => (m.role === "user" ? userText(m.content) : "")).find((t) => t !== "") ?? "";
  const last = messages[messages.length - 1];
  const results = Array.isArray(last?.content) ? (last.content as Obj[]).filter((b) => b?.type === "tool_result") : [];
  return { body, lastUserText, hasToolResult: results.length > 0, toolResults: results.map((b) => textOf(b.content)) };
}

/** Fake input tokens: the words of the system prompt and of every message. */
export function inputTokensOf(body: Obj): number {
  const system = typeof body.system === "string" ? body.system : textOf(body.system);
  return words(system) + (body.messages as Obj[]).reduce((n, m) => n + words(textOf(m.content)), 0);
}
