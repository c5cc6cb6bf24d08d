import { outputTokens } from "./chat.js";
import { choiceCount, DONE, SYSTEM_FINGERPRINT, type Rendered, type RenderMeta, type SseEvent } from "./render.js";
import type { ResolvedReply } from "./script.js";
import { splitWords } from "./text.js";

type MessageReply = Extract<ResolvedReply, { kind: "message" }>;

/** Render a legacy `text_completion` object or its stream for `body` (tool calls are ignored here). */
export function renderCompletion(body: any, reply: MessageReply, meta: RenderMeta): Rendered {
  const id = meta.ids.next("cmpl-");
  const model = typeof body?.model === "string" ? body.model : "";
  const n = choiceCount(body?.n);
  const text = reply.text ?? "";
  const finish = reply.finishReason === "tool_calls" ? "stop" : reply.finishReason;
  const prompt = reply.usage.input ?? meta.inputTokens;
  const completion = reply.usage.output ?? outputTokens({ ...reply, toolCalls: [] });
  const usage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
  const base = { id, object: "text_completion", created: meta.created, model, system_fingerprint: SYSTEM_FINGERPRINT };

  if (body?.stream !== true) {
    return {
      json: {
        ...base,
        choices: Array.from({ length: n }, (_, index) => ({ text, index, logprobs: null, finish_reason: finish })),
        usage,
      },
    };
  }
  const includeUsage = body?.stream_options?.include_usage === true;
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}): SseEvent => ({
    data: { ...base, choices, ...(includeUsage ? { usage: null } : {}), ...extra },
  });
  const events: SseEvent[] = [];
  for (let index = 0; index < n; index++) {
    for (const piece of splitWords(text)) events.push(chunk([{ text: piece, index, logprobs: null, finish_reason: null }]));
    events.push(chunk([{ text: "", index, logprobs: null, finish_reason: finish }]));
  }
  if (includeUsage) events.push(chunk([], { usage }));
  events.push(DONE);
  return { events };
}
