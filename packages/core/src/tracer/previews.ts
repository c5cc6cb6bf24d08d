import { MAX_PREVIEW_CHARS } from "../entities/trace-info.js";

/** Cuts a string to `max` characters. */
export function cut(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max);
}

function textOf(content: unknown): string | undefined {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    const parts = content
      .map((p) => (typeof p === "string" ? p : p && typeof p === "object" && typeof (p as { text?: unknown }).text === "string" ? (p as { text: string }).text : ""))
      .filter(Boolean);
    return parts.length ? parts.join(" ") : undefined;
  }
  return undefined;
}

/**
 * The request preview MLflow shows in trace lists: for chat-shaped inputs (`{ messages: [...] }`, or a message
 * array), the last user message's text; otherwise the inputs' JSON. Cut at {@link MAX_PREVIEW_CHARS}.
 */
export function requestPreview(inputsJson: string | undefined): string {
  if (inputsJson === undefined) return "";
  // Parsing (perhaps megabytes) only pays off for chat-shaped inputs.
  if (!inputsJson.includes('"role"')) return cut(inputsJson, MAX_PREVIEW_CHARS);
  try {
    const v = JSON.parse(inputsJson) as unknown;
    const messages = Array.isArray(v) ? v : v && typeof v === "object" ? ((v as { messages?: unknown }).messages ?? (v as { input?: unknown }).input) : undefined;
    if (Array.isArray(messages)) {
      for (let i = messages.length - 1; i >= 0; i--) {
        const m = messages[i] as { role?: unknown; content?: unknown } | null;
        if (m && typeof m === "object" && (m.role === "user" || m.role === "human")) {
          const text = textOf(m.content);
          if (text !== undefined) return cut(text, MAX_PREVIEW_CHARS);
        }
      }
    }
  } catch {
    // not JSON (a truncated payload): fall through to the raw text
  }
  return cut(inputsJson, MAX_PREVIEW_CHARS);
}

/**
 * The response preview: for an OpenAI chat completion, the first choice's message text; otherwise the outputs' JSON.
 */
export function responsePreview(outputsJson: string | undefined): string {
  if (outputsJson === undefined) return "";
  if (!outputsJson.includes('"choices"')) return cut(outputsJson, MAX_PREVIEW_CHARS);
  try {
    const v = JSON.parse(outputsJson) as { choices?: { message?: { content?: unknown } }[] } | null;
    const text = v && typeof v === "object" ? textOf(v.choices?.[0]?.message?.content) : undefined;
    if (text !== undefined) return cut(text, MAX_PREVIEW_CHARS);
  } catch {
    // fall through
  }
  return cut(outputsJson, MAX_PREVIEW_CHARS);
}
