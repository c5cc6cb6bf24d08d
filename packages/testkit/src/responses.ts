import { outputTokens } from "./chat.js";
import type { Rendered, RenderMeta, SseEvent } from "./render.js";
import type { ResolvedReply } from "./script.js";
import { splitFixed, splitWords } from "./text.js";

type MessageReply = Extract<ResolvedReply, { kind: "message" }>;

const ARGUMENT_PIECE = 6;

interface MessageItem {
  id: string;
  type: "message";
  status: string;
  role: "assistant";
  content: Array<{ type: "output_text"; text: string; annotations: unknown[]; logprobs: unknown[] }>;
}

interface FunctionCallItem {
  id: string;
  type: "function_call";
  status: string;
  call_id: string;
  name: string;
  arguments: string;
}

type OutputItem = MessageItem | FunctionCallItem;

/** Responses API `usage`. */
export function responsesUsage(reply: MessageReply, meta: RenderMeta) {
  const input = reply.usage.input ?? meta.inputTokens;
  const output = reply.usage.output ?? outputTokens(reply);
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: input + output,
  };
}

function outputItems(reply: MessageReply, meta: RenderMeta): OutputItem[] {
  const items: OutputItem[] = [];
  if (reply.text !== null) {
    items.push({
      id: meta.ids.next("msg_"),
      type: "message",
      status: "completed",
      role: "assistant",
      content: [{ type: "output_text", text: reply.text, annotations: [], logprobs: [] }],
    });
  }
  for (const call of reply.toolCalls) {
    items.push({
      id: meta.ids.next("fc_"),
      type: "function_call",
      status: "completed",
      call_id: call.id,
      name: call.name,
      arguments: call.arguments,
    });
  }
  return items;
}

function responseObject(body: any, id: string, meta: RenderMeta) {
  return {
    id,
    object: "response",
    created_at: meta.created,
    status: "in_progress",
    background: false,
    error: null,
    incomplete_details: null,
    instructions: body?.instructions ?? null,
    max_output_tokens: body?.max_output_tokens ?? null,
    model: typeof body?.model === "string" ? body.model : "",
    output: [] as OutputItem[],
    parallel_tool_calls: body?.parallel_tool_calls ?? true,
    previous_response_id: body?.previous_response_id ?? null,
    reasoning: { effort: null, summary: null },
    service_tier: "default",
    store: body?.store ?? true,
    temperature: body?.temperature ?? 1,
    text: body?.text ?? { format: { type: "text" } },
    tool_choice: body?.tool_choice ?? "auto",
    tools: Array.isArray(body?.tools) ? body.tools : [],
    top_p: body?.top_p ?? 1,
    truncation: body?.truncation ?? "disabled",
    usage: null as ReturnType<typeof responsesUsage> | null,
    user: body?.user ?? null,
    metadata: body?.metadata ?? {},
  };
}

/** The SSE events that stream one output item (added → deltas → done). */
function itemEvents(item: OutputItem, outputIndex: number): Array<Record<string, unknown>> {
  if (item.type === "function_call") {
    const events: Array<Record<string, unknown>> = [
      { type: "response.output_item.added", output_index: outputIndex, item: { ...item, status: "in_progress", arguments: "" } },
    ];
    for (const delta of splitFixed(item.arguments, ARGUMENT_PIECE)) {
      if (delta === "") continue;
      events.push({ type: "response.function_call_arguments.delta", item_id: item.id, output_index: outputIndex, delta });
    }
    events.push(
      { type: "response.function_call_arguments.done", item_id: item.id, output_index: outputIndex, name: item.name, arguments: item.arguments },
      { type: "response.output_item.done", output_index: outputIndex, item },
    );
    return events;
  }
  const text = item.content[0]?.text ?? "";
  const at = { item_id: item.id, output_index: outputIndex, content_index: 0 };
  const events: Array<Record<string, unknown>> = [
    { type: "response.output_item.added", output_index: outputIndex, item: { ...item, status: "in_progress", content: [] } },
    { type: "response.content_part.added", ...at, part: { type: "output_text", text: "", annotations: [], logprobs: [] } },
  ];
  for (const delta of splitWords(text)) events.push({ type: "response.output_text.delta", ...at, delta, logprobs: [] });
  events.push(
    { type: "response.output_text.done", ...at, text, logprobs: [] },
    { type: "response.content_part.done", ...at, part: item.content[0] },
    { type: "response.output_item.done", output_index: outputIndex, item },
  );
  return events;
}

/** Render a Responses API `response` object, or its event stream (`response.created` … `response.completed`). */
export function renderResponse(body: any, reply: MessageReply, meta: RenderMeta): Rendered {
  const id = meta.ids.next("resp_");
  const items = outputItems(reply, meta);
  const pending = responseObject(body, id, meta);
  const completed = { ...pending, status: "completed", output: items, usage: responsesUsage(reply, meta) };
  if (body?.stream !== true) return { json: completed };

  const raw: Array<Record<string, unknown>> = [
    { type: "response.created", response: pending },
    { type: "response.in_progress", response: pending },
  ];
  items.forEach((item, index) => raw.push(...itemEvents(item, index)));
  raw.push({ type: "response.completed", response: completed });
  const events: SseEvent[] = raw.map((event, sequence) => ({
    event: event.type as string,
    data: { ...event, sequence_number: sequence },
  }));
  return { events };
}
