import { choiceCount, DONE, SYSTEM_FINGERPRINT, type Rendered, type RenderMeta, type SseEvent } from "./render.js";
import type { ResolvedReply } from "./script.js";
import { countWords, splitFixed, splitWords } from "./text.js";

type MessageReply = Extract<ResolvedReply, { kind: "message" }>;

/** Characters of tool-call arguments per streamed delta. */
const ARGUMENT_PIECE = 6;

/** Fake output tokens of a reply: words of the text, plus name and argument words of each tool call. */
export function outputTokens(reply: MessageReply): number {
  let n = countWords(reply.text ?? "");
  for (const call of reply.toolCalls) n += countWords(call.name) + countWords(call.arguments);
  return n;
}

/** Chat Completions `usage`. */
export function chatUsage(reply: MessageReply, meta: RenderMeta) {
  const prompt = reply.usage.input ?? meta.inputTokens;
  const completion = reply.usage.output ?? outputTokens(reply);
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

function message(reply: MessageReply) {
  return {
    role: "assistant",
    content: reply.text,
    refusal: null,
    annotations: [],
    ...(reply.toolCalls.length > 0
      ? {
          tool_calls: reply.toolCalls.map((call) => ({
            id: call.id,
            type: "function",
            function: { name: call.name, arguments: call.arguments },
          })),
        }
      : {}),
  };
}

/** Render a `chat.completion` object or its `chat.completion.chunk` stream for `body`. */
export function renderChat(body: any, reply: MessageReply, meta: RenderMeta): Rendered {
  const id = meta.ids.next("chatcmpl-");
  const model = typeof body?.model === "string" ? body.model : "";
  const n = choiceCount(body?.n);
  const usage = chatUsage(reply, meta);
  if (body?.stream !== true) {
    return {
      json: {
        id,
        object: "chat.completion",
        created: meta.created,
        model,
        choices: Array.from({ length: n }, (_, index) => ({
          index,
          message: message(reply),
          logprobs: null,
          finish_reason: reply.finishReason,
        })),
        usage,
        service_tier: "default",
        system_fingerprint: SYSTEM_FINGERPRINT,
      },
    };
  }

  const includeUsage = body?.stream_options?.include_usage === true;
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}): SseEvent => ({
    data: {
      id,
      object: "chat.completion.chunk",
      created: meta.created,
      model,
      service_tier: "default",
      system_fingerprint: SYSTEM_FINGERPRINT,
      choices,
      ...(includeUsage ? { usage: null } : {}),
      ...extra,
    },
  });
  const delta = (index: number, d: Record<string, unknown>, finish: string | null = null) =>
    chunk([{ index, delta: d, logprobs: null, finish_reason: finish }]);

  const events: SseEvent[] = [];
  for (let index = 0; index < n; index++) {
    events.push(delta(index, { role: "assistant", content: reply.text === null ? null : "", refusal: null }));
    for (const piece of splitWords(reply.text ?? "")) events.push(delta(index, { content: piece }));
    reply.toolCalls.forEach((call, callIndex) => {
      events.push(
        delta(index, {
          tool_calls: [{ index: callIndex, id: call.id, type: "function", function: { name: call.name, arguments: "" } }],
        }),
      );
      for (const piece of splitFixed(call.arguments, ARGUMENT_PIECE)) {
        if (piece === "") continue;
        events.push(delta(index, { tool_calls: [{ index: callIndex, function: { arguments: piece } }] }));
      }
    });
    events.push(delta(index, {}, reply.finishReason));
  }
  if (includeUsage) events.push(chunk([], { usage }));
  events.push(DONE);
  return { events };
}
