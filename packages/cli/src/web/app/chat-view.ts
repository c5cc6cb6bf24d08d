import type { SpanView } from "../../server/api-types.js";
import { geminiMessages } from "./chat-gemini.js";
import { h } from "./dom.js";
import { markdownView } from "./markdown.js";

/** A call a model asked for. */
export interface ToolCall {
  id: string;
  name: string;
  arguments: unknown;
}

/** One message of a conversation, normalised across the OpenAI chat and Responses shapes, Anthropic Messages and Gemini contents. */
export interface ChatMessage {
  role: string;
  text: string;
  toolCalls: ToolCall[];
  /** For a tool result: the call it answers. */
  toolCallId?: string;
  /** The model's thinking before it answered (Anthropic thinking blocks). */
  thinking?: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => (typeof part === "string" ? part : isObj(part) ? String(part.text ?? part.refusal ?? (part.type ? `[${String(part.type)}]` : "")) : ""))
      .filter(Boolean)
      .join("\n");
  }
  return content === null || content === undefined ? "" : JSON.stringify(content);
}

function parseArgs(args: unknown): unknown {
  if (typeof args !== "string") return args;
  try {
    return JSON.parse(args);
  } catch {
    return args;
  }
}

function toolCallsOf(message: Obj): ToolCall[] {
  const calls = Array.isArray(message.tool_calls) ? message.tool_calls : [];
  return calls.filter(isObj).map((c) => {
    const fn = isObj(c.function) ? c.function : c;
    return { id: String(c.id ?? ""), name: String(fn.name ?? "tool"), arguments: parseArgs(fn.arguments) };
  });
}

function chatMessage(m: Obj): ChatMessage | undefined {
  if (typeof m.role !== "string") return undefined;
  return {
    role: m.role,
    text: textOf(m.content),
    toolCalls: toolCallsOf(m),
    toolCallId: typeof m.tool_call_id === "string" ? m.tool_call_id : undefined,
  };
}

/** Anthropic block types that a message is split by: tool calls, tool results and thinking. */
const ANTHROPIC_BLOCKS = new Set(["tool_use", "tool_result", "thinking"]);

/**
 * An Anthropic message whose content holds tool_use, tool_result or thinking blocks: each tool_result becomes a
 * tool message, and the rest one message of its role — text (images and other blocks as `[type]`), thinking apart,
 * tool_use blocks as its tool calls. Undefined for any other message.
 */
function anthropicMessages(m: Obj): ChatMessage[] | undefined {
  if (typeof m.role !== "string" || !Array.isArray(m.content)) return undefined;
  const blocks = m.content.filter(isObj);
  if (!blocks.some((b) => ANTHROPIC_BLOCKS.has(String(b.type)))) return undefined;
  const out: ChatMessage[] = blocks
    .filter((b) => b.type === "tool_result")
    .map((b) => ({ role: "tool", text: textOf(b.content), toolCalls: [], toolCallId: String(b.tool_use_id ?? "") }));
  const text = textOf(blocks.filter((b) => !ANTHROPIC_BLOCKS.has(String(b.type))));
  const thinking = blocks.filter((b) => b.type === "thinking").map((b) => String(b.thinking ?? "")).join("\n");
  const toolCalls = blocks.filter((b) => b.type === "tool_use").map((b) => ({ id: String(b.id ?? ""), name: String(b.name ?? "tool"), arguments: b.input }));
  if (text || thinking || toolCalls.length > 0) out.push({ role: m.role, text, toolCalls, ...(thinking ? { thinking } : {}) });
  return out;
}

/** A chat message in any supported shape, as one or more normalised messages. */
function messagesOf(m: Obj): ChatMessage[] {
  const anthropic = anthropicMessages(m);
  if (anthropic) return anthropic;
  const message = chatMessage(m);
  return message ? [message] : [];
}

function responsesItem(item: unknown): ChatMessage | undefined {
  if (!isObj(item)) return undefined;
  if (item.type === "function_call") {
    return { role: "assistant", text: "", toolCalls: [{ id: String(item.call_id ?? ""), name: String(item.name ?? "tool"), arguments: parseArgs(item.arguments) }] };
  }
  if (item.type === "function_call_output") return { role: "tool", text: textOf(item.output), toolCalls: [], toolCallId: String(item.call_id ?? "") };
  if (typeof item.role === "string") return chatMessage(item);
  return undefined;
}

function inputMessages(inputs: unknown): ChatMessage[] {
  if (!isObj(inputs)) return [];
  const out: ChatMessage[] = [];
  if (typeof inputs.instructions === "string") out.push({ role: "system", text: inputs.instructions, toolCalls: [] });
  // Anthropic's system prompt: a string or text blocks beside the messages
  if (typeof inputs.system === "string" || Array.isArray(inputs.system)) out.push({ role: "system", text: textOf(inputs.system), toolCalls: [] });
  if (Array.isArray(inputs.messages)) out.push(...inputs.messages.filter(isObj).flatMap(messagesOf));
  if (typeof inputs.input === "string") out.push({ role: "user", text: inputs.input, toolCalls: [] });
  else if (Array.isArray(inputs.input)) out.push(...inputs.input.map(responsesItem).filter((m): m is ChatMessage => m !== undefined));
  return out;
}

function outputMessages(outputs: unknown): ChatMessage[] {
  if (!isObj(outputs)) return [];
  if (Array.isArray(outputs.choices)) {
    return outputs.choices.filter(isObj).map((c) => (isObj(c.message) ? chatMessage(c.message) : undefined)).filter((m): m is ChatMessage => m !== undefined);
  }
  if (Array.isArray(outputs.output)) return outputs.output.map(responsesItem).filter((m): m is ChatMessage => m !== undefined);
  return messagesOf(outputs);
}

/** The conversation a span holds (request messages then the reply), or an empty list when it holds none. */
export function chatMessages(span: Pick<SpanView, "inputs" | "outputs">): ChatMessage[] {
  const gemini = geminiMessages(span.inputs, span.outputs);
  if (gemini) return gemini;
  const input = inputMessages(span.inputs);
  return input.length === 0 ? [] : [...input, ...outputMessages(span.outputs)];
}

/** The conversation as chat bubbles: role, text (rendered as markdown), and tool calls with their arguments. */
export function chatView(messages: ChatMessage[]): HTMLElement {
  return h(
    "div",
    { class: "chat" },
    ...messages.map((m) =>
      h(
        "div",
        { class: `msg msg-${m.role.replace(/[^a-z]/gi, "")}` },
        h("div", { class: "msg-role", text: m.toolCallId ? `${m.role} · ${m.toolCallId}` : m.role }),
        m.thinking ? h("div", { class: "msg-thinking", text: m.thinking }) : null,
        m.text ? markdownView(m.text, "msg-text") : null,
        ...m.toolCalls.map((c) =>
          h(
            "div",
            { class: "tool-call" },
            h("div", { class: "tool-call-name" }, h("span", { text: "calls " }), h("strong", { text: c.name }), c.id ? h("span", { class: "dim", text: ` · ${c.id}` }) : null),
            h("pre", { class: "tool-call-args", text: typeof c.arguments === "string" ? c.arguments : JSON.stringify(c.arguments, null, 2) }),
          ),
        ),
      ),
    ),
  );
}
