import { contentText, countWords } from "./text.js";

/** What the scripting layer needs to know about a conversation, independent of the endpoint. */
export interface ConversationSummary {
  /** Text of the last user message. */
  lastUserText: string;
  /** Contents of all tool results, in order. */
  toolResults: string[];
  /** True when the last item of the conversation is a tool result. */
  endsWithToolResult: boolean;
  /** Fake input tokens: words of every text in the conversation. */
  inputTokens: number;
}

function stringify(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined || value === null) return "";
  return contentText(value) || JSON.stringify(value);
}

/** Summarise Chat Completions `messages`. */
export function summariseChat(messages: unknown): ConversationSummary {
  const list = Array.isArray(messages) ? (messages as Record<string, any>[]) : [];
  let lastUserText = "";
  const toolResults: string[] = [];
  let words = 0;
  for (const message of list) {
    if (!message || typeof message !== "object") continue;
    const text = contentText(message.content);
    words += countWords(text);
    if (message.role === "user") lastUserText = text;
    if (message.role === "tool" || message.role === "function") toolResults.push(stringify(message.content));
    if (Array.isArray(message.tool_calls)) {
      for (const call of message.tool_calls) {
        words += countWords(String(call?.function?.name ?? "")) + countWords(String(call?.function?.arguments ?? ""));
      }
    }
  }
  const last = list[list.length - 1];
  return {
    lastUserText,
    toolResults,
    endsWithToolResult: last?.role === "tool" || last?.role === "function",
    inputTokens: words,
  };
}

/** Summarise a Responses API `input` (a string or a list of items) plus `instructions`. */
export function summariseResponsesInput(input: unknown, instructions: unknown): ConversationSummary {
  let words = typeof instructions === "string" ? countWords(instructions) : 0;
  if (typeof input === "string") {
    return { lastUserText: input, toolResults: [], endsWithToolResult: false, inputTokens: words + countWords(input) };
  }
  const items = Array.isArray(input) ? (input as Record<string, any>[]) : [];
  let lastUserText = "";
  const toolResults: string[] = [];
  let endsWithToolResult = false;
  for (const item of items) {
    if (!item || typeof item !== "object") continue;
    endsWithToolResult = false;
    if (item.type === "function_call_output" || item.type === "custom_tool_call_output") {
      const output = stringify(item.output);
      toolResults.push(output);
      words += countWords(output);
      endsWithToolResult = true;
    } else if (item.type === "function_call") {
      words += countWords(String(item.name ?? "")) + countWords(String(item.arguments ?? ""));
    } else if ("role" in item) {
      const text = contentText(item.content);
      words += countWords(text);
      if (item.role === "user") lastUserText = text;
    }
  }
  return { lastUserText, toolResults, endsWithToolResult, inputTokens: words };
}

/** Texts of a legacy Completions `prompt` or an Embeddings `input` (strings, or token arrays as `t<id>` words). */
export function promptTexts(prompt: unknown): string[] {
  if (typeof prompt === "string") return [prompt];
  if (!Array.isArray(prompt)) return [];
  if (prompt.length > 0 && prompt.every((x) => typeof x === "number")) return [tokensToText(prompt as number[])];
  return prompt.map((x) => (typeof x === "string" ? x : Array.isArray(x) ? tokensToText(x) : String(x)));
}

function tokensToText(tokens: unknown[]): string {
  return tokens.map((t) => `t${String(t)}`).join(" ");
}
