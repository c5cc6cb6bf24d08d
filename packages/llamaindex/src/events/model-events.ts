import { SpanAttributeKey, SpanType, startSpan, type LiveSpan } from "@traceloom/core";
import { chatOutputs, responseTokenUsage } from "../convert/chat.js";
import { activeLLMCallOwner } from "../instrument/llm-spans.js";
import { LLAMAINDEX_MESSAGE_FORMAT, instrumentLLMInstance, isModel } from "../instrument/llm.js";
import { insideTracedTool } from "../instrument/tool-spans.js";
import { classNameOf } from "../runtime/class-name.js";
import { pluginState } from "../runtime/state.js";

/** Open spans made from events, by event id, are bounded so that start events without an end cannot pile up. */
const MAX_OPEN_EVENT_SPANS = 10_000;

/** Ends a span whose end event will not be handled, saying why, so that its trace can finish. */
function abandon(span: LiveSpan, reason: string): void {
  span.addEvent("abandoned", { reason });
  span.end();
}

function open(key: string, span: LiveSpan): void {
  const openSpans = pluginState().openEventSpans;
  if (openSpans.size >= MAX_OPEN_EVENT_SPANS) {
    const oldest = openSpans.keys().next().value;
    if (oldest !== undefined) {
      const evicted = openSpans.get(oldest);
      openSpans.delete(oldest);
      if (evicted) abandon(evicted, `more than ${MAX_OPEN_EVENT_SPANS} LlamaIndex calls were awaiting their end event`);
    }
  }
  openSpans.set(key, span);
}

function take(key: string): LiveSpan | undefined {
  const openSpans = pluginState().openEventSpans;
  const span = openSpans.get(key);
  openSpans.delete(key);
  return span;
}

/** Ends every span still awaiting its end event, marked abandoned, and forgets them (`autolog({ disable: true })`). */
export function abandonOpenEventSpans(): void {
  const openSpans = pluginState().openEventSpans;
  for (const span of openSpans.values()) abandon(span, "autolog() was disabled before LlamaIndex reported the end of this call");
  openSpans.clear();
}

interface LLMStart {
  id?: string;
  messages?: unknown;
}
interface LLMEnd {
  id?: string;
  response?: unknown;
}
interface ToolEvent {
  toolCall?: { id?: string; name?: string; input?: unknown };
  toolResult?: { output?: unknown; isError?: boolean };
}

/**
 * True when `llm-start` comes from the model whose wrapped call is running (its span is active): the event caller
 * is that model — or is not a model at all, when LlamaIndex set no caller for it. Another model called inside that
 * span (a router or fallback model handing the call on) is not it.
 */
function emittedByActiveModelCall(caller: unknown): boolean {
  const owner = activeLLMCallOwner();
  return owner !== undefined && (owner === caller || !isModel(caller));
}

/**
 * `llm-start`, seen synchronously in the caller's context. The model that emits it is instrumented for its next
 * calls; a call not already inside its own wrapper span (a model first met here) gets a CHAT_MODEL span from the
 * events, child of the active span.
 */
export function onLLMStart(detail: LLMStart, caller: unknown): void {
  if (emittedByActiveModelCall(caller)) return;
  instrumentLLMInstance(caller);
  if (!detail.id) return;
  const name = isModel(caller) ? `${classNameOf(caller, "LLM")}.chat` : "LLM.chat";
  const span = startSpan({ name, spanType: SpanType.CHAT_MODEL });
  span.setInputs({ messages: detail.messages });
  span.setAttribute(SpanAttributeKey.MESSAGE_FORMAT, LLAMAINDEX_MESSAGE_FORMAT);
  open(`llm:${detail.id}`, span);
}

/** `llm-end`: ends an event-made model span with the response and its token usage. */
export function onLLMEnd(detail: LLMEnd): void {
  const span = detail.id ? take(`llm:${detail.id}`) : undefined;
  if (!span) return;
  span.setOutputs(chatOutputs(detail.response));
  const usage = responseTokenUsage(detail.response);
  if (usage) span.setTokenUsage(usage);
  span.end();
}

/** `llm-tool-call` outside a traced `callTool()` (legacy agents, `llm.exec`): opens a TOOL span. */
export function onToolCall(detail: ToolEvent): void {
  const call = detail.toolCall;
  if (insideTracedTool() || !call?.id) return;
  const span = startSpan({ name: call.name ?? "tool", spanType: SpanType.TOOL, inputs: call.input });
  span.setAttribute("tool_call_id", call.id);
  open(`tool:${call.id}`, span);
}

/** `llm-tool-result`: ends the TOOL span opened by {@link onToolCall}. */
export function onToolResult(detail: ToolEvent): void {
  const id = detail.toolCall?.id;
  const span = id ? take(`tool:${id}`) : undefined;
  if (!span) return;
  span.setOutputs(detail.toolResult?.output);
  if (detail.toolResult?.isError) span.setStatus("ERROR", String(detail.toolResult.output ?? "tool error"));
  span.end();
}
