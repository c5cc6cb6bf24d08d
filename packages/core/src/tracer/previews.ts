import { MAX_PREVIEW_CHARS } from "../entities/trace-info.js";
import type { CapturedValue } from "../serialize/capture.js";

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

function parsed(json: string): unknown {
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return undefined; // not JSON (a truncated payload): the raw text is the preview
  }
}

/** The message array of chat-shaped inputs: `{ messages: [...] }`, `{ input: [...] }` or an array of messages. */
function messagesOf(inputs: unknown): unknown {
  if (Array.isArray(inputs) || !inputs || typeof inputs !== "object") return inputs;
  return (inputs as { messages?: unknown }).messages ?? (inputs as { input?: unknown }).input;
}

/**
 * The last user message's text of chat-shaped inputs — also when they are the only argument of a traced function,
 * recorded by parameter name (`{ request: { messages } }`).
 */
function lastUserText(inputs: unknown): string | undefined {
  let messages = messagesOf(inputs);
  if (messages === undefined && inputs && typeof inputs === "object") {
    const keys = Object.keys(inputs);
    if (keys.length === 1) messages = messagesOf((inputs as Record<string, unknown>)[keys[0]]);
  }
  if (!Array.isArray(messages)) return undefined;
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i] as { role?: unknown; content?: unknown } | null;
    if (m && typeof m === "object" && (m.role === "user" || m.role === "human")) {
      const text = textOf(m.content);
      if (text !== undefined) return text;
    }
  }
  return undefined;
}

/** The first choice's message text of an OpenAI chat completion. */
function firstChoiceText(outputs: unknown): string | undefined {
  const v = outputs as { choices?: { message?: { content?: unknown } }[] } | null;
  return v && typeof v === "object" ? textOf(v.choices?.[0]?.message?.content) : undefined;
}

/** The text of the message items of an OpenAI Responses API output (`{ output: [{ type: "message", content }] }`). */
function responsesOutputText(outputs: unknown): string | undefined {
  const items = (outputs as { output?: unknown } | null)?.output;
  if (!Array.isArray(items)) return undefined;
  const texts = items
    .filter((item): item is { type: string; content: unknown } => !!item && typeof item === "object" && (item as { type?: unknown }).type === "message")
    .map((item) => textOf(item.content))
    .filter((text): text is string => text !== undefined);
  return texts.length ? texts.join("\n") : undefined;
}

/**
 * The request preview MLflow shows in trace lists: for chat-shaped inputs, the last user message's text; otherwise
 * the inputs' JSON. Cut at {@link MAX_PREVIEW_CHARS}. `captured` is the inputs' value when the span still holds it
 * (no parsing then).
 */
export function requestPreview(inputsJson: string | undefined, captured?: CapturedValue): string {
  if (inputsJson === undefined) return "";
  // Parsing (perhaps megabytes) only pays off for chat-shaped inputs.
  const value = captured ? captured.value : inputsJson.includes('"role"') ? parsed(inputsJson) : undefined;
  return cut(lastUserText(value) ?? inputsJson, MAX_PREVIEW_CHARS);
}

/**
 * The response preview: for an OpenAI chat completion, the first choice's message text; for a Responses API
 * output, its messages' text; otherwise the outputs' JSON.
 */
export function responsePreview(outputsJson: string | undefined, captured?: CapturedValue): string {
  if (outputsJson === undefined) return "";
  const chatShaped = outputsJson.includes('"choices"') || outputsJson.includes('"output_text"');
  const value = captured ? captured.value : chatShaped ? parsed(outputsJson) : undefined;
  return cut(firstChoiceText(value) ?? responsesOutputText(value) ?? outputsJson, MAX_PREVIEW_CHARS);
}
