import type { ContentBlock, Message, RawMessageStreamEvent } from "@anthropic-ai/sdk/resources/messages";
import type { AnthropicMessageReply } from "./types.js";

/** Message and tool-call ids, numbered from 1 per server (and again after its reset), so runs compare equal. */
export class FakeIds {
  private count = 0;

  next(prefix: string): string {
    return `${prefix}${(++this.count).toString(36).padStart(24, "0")}`;
  }

  reset(): void {
    this.count = 0;
  }
}

/** Fake tokens: whitespace-separated words. */
export const words = (text: string): number => text.match(/\S+/g)?.length ?? 0;

/** The content blocks of a reply, in the order the model would produce them. */
export function replyBlocks(ids: FakeIds, reply: AnthropicMessageReply, fallbackText: string): ContentBlock[] {
  const blocks: ContentBlock[] = [];
  if (reply.thinking !== undefined) blocks.push({ type: "thinking", thinking: reply.thinking, signature: `sig-${words(reply.thinking)}` });
  const text = reply.text ?? fallbackText;
  if (text !== "") blocks.push({ type: "text", text, citations: null });
  if (reply.toolUse) blocks.push({ type: "tool_use", id: reply.toolUse.id ?? ids.next("toolu_"), name: reply.toolUse.name, input: reply.toolUse.input } as ContentBlock);
  return blocks;
}

/** The whole `Message` the fake answers a non-streamed request with. */
export function renderMessage(ids: FakeIds, model: string, reply: AnthropicMessageReply, blocks: ContentBlock[], inputTokens: number): Message {
  const output = blocks.reduce((n, b) => n + (b.type === "text" ? words(b.text) : b.type === "thinking" ? words(b.thinking) : 5), 0);
  return {
    id: ids.next("msg_"),
    type: "message",
    role: "assistant",
    model,
    content: blocks,
    stop_reason: (reply.stopReason ?? (reply.toolUse ? "tool_use" : "end_turn")) as Message["stop_reason"],
    stop_sequence: null,
    usage: {
      input_tokens: inputTokens,
      output_tokens: output,
      cache_creation_input_tokens: reply.cacheCreationTokens ?? 0,
      cache_read_input_tokens: reply.cacheReadTokens ?? 0,
    },
  } as Message;
}

/** Word-sized pieces whose concatenation is `text`. */
function pieces(text: string): string[] {
  return text.match(/\s*\S+\s*/g) ?? [text];
}

/**
 * The server-sent events of a streamed `message`: `message_start` (usage of the input, output 1),
 * `content_block_start` / `content_block_delta`s / `content_block_stop` per block (thinking deltas then a
 * signature, text deltas, tool input as JSON fragments), `message_delta` (stop reason, output usage), `message_stop`.
 */
export function renderStream(message: Message): RawMessageStreamEvent[] {
  const events: RawMessageStreamEvent[] = [];
  const start = { ...message, content: [], stop_reason: null, usage: { ...message.usage, output_tokens: 1 } };
  events.push({ type: "message_start", message: start as Message });
  message.content.forEach((block, index) => {
    if (block.type === "text") {
      events.push({ type: "content_block_start", index, content_block: { type: "text", text: "", citations: null } });
      for (const text of pieces(block.text)) events.push({ type: "content_block_delta", index, delta: { type: "text_delta", text } });
    } else if (block.type === "thinking") {
      events.push({ type: "content_block_start", index, content_block: { type: "thinking", thinking: "", signature: "" } });
      for (const thinking of pieces(block.thinking)) events.push({ type: "content_block_delta", index, delta: { type: "thinking_delta", thinking } });
      events.push({ type: "content_block_delta", index, delta: { type: "signature_delta", signature: block.signature } });
    } else if (block.type === "tool_use") {
      events.push({ type: "content_block_start", index, content_block: { ...block, input: {} } });
      const json = JSON.stringify(block.input);
      const mid = Math.floor(json.length / 2);
      for (const partial_json of [json.slice(0, mid), json.slice(mid)]) events.push({ type: "content_block_delta", index, delta: { type: "input_json_delta", partial_json } });
    }
    events.push({ type: "content_block_stop", index });
  });
  events.push({
    type: "message_delta",
    delta: { stop_reason: message.stop_reason, stop_sequence: null },
    usage: { output_tokens: message.usage.output_tokens },
  } as RawMessageStreamEvent);
  events.push({ type: "message_stop" });
  return events;
}
