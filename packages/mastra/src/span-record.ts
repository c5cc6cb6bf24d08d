import { randomBytes } from "node:crypto";
import { markCoveredByFramework, SpanAttributeKey, SpanType, startSpan, type LiveSpan, type SpanTypeName } from "@traceloom/core";
import { assistantMessage, toChatMessages, toolResultText } from "./chat-messages.js";
import { warnOnce } from "./log.js";
import { kindOf } from "./span-kinds.js";
import { pluginState, type GenerationState, type MastraSpanEntry } from "./state.js";

type Loose = Record<string, any>;

/** What Mastra says about a span when it starts: the bridge's `CreateSpanOptions`, or an exported span. */
export interface MastraSpanStart {
  type: string;
  name?: string;
  input?: unknown;
  attributes?: Loose;
  entityId?: string;
  entityName?: string;
  isEvent?: boolean;
}

/** Mastra's `tool: 'add'`-style names without the prefix, when there is no entity name. */
function spanName(start: MastraSpanStart, generation: GenerationState | undefined): string {
  if (start.type === "model_step" || start.type === "model_generation" || start.type === "model_inference") {
    return generation?.model ?? start.attributes?.model ?? start.name ?? "model";
  }
  return start.entityName ?? start.entityId ?? start.name ?? start.type;
}

/** Mastra's own attributes, kept as `mastra.<name>` (usage goes to the token-usage attribute instead). */
function mastraAttributes(attributes: Loose | undefined): Loose {
  const out: Loose = {};
  for (const [key, value] of Object.entries(attributes ?? {})) {
    if (key !== "usage" && value !== undefined) out[`mastra.${key}`] = value;
  }
  return out;
}

function chatInputs(input: unknown): unknown {
  const messages = toChatMessages(input);
  return messages ? { messages } : input;
}

function startInputs(start: MastraSpanStart, spanType: SpanTypeName, generation: GenerationState | undefined): unknown {
  if (start.type === "model_step" && generation) return { messages: [...generation.conversation] };
  if (spanType === SpanType.AGENT || spanType === SpanType.CHAT_MODEL) return chatInputs(start.input);
  return start.input;
}

function startAttributes(start: MastraSpanStart, spanType: SpanTypeName, generation: GenerationState | undefined): Loose {
  const attrs: Loose = { "mastra.span_type": start.type, ...mastraAttributes(start.attributes) };
  if (start.entityId) attrs["mastra.entity_id"] = start.entityId;
  if (spanType === SpanType.CHAT_MODEL) {
    attrs[SpanAttributeKey.MESSAGE_FORMAT] = "openai";
    if (generation?.model) attrs.model = generation.model;
    if (generation?.provider) attrs.provider = generation.provider;
  }
  return attrs;
}

function newGeneration(start: MastraSpanStart): GenerationState {
  const a = start.attributes ?? {};
  const input = start.input as Loose | undefined;
  return {
    model: typeof a.model === "string" ? a.model : undefined,
    provider: typeof a.provider === "string" ? a.provider : undefined,
    conversation: toChatMessages(input?.messages ?? input) ?? [],
  };
}

/**
 * Starts recording a Mastra span under its parent's entry (or, for a root, under the active traceloom span). Returns
 * its entry (not yet registered), or undefined for a span that is not recorded (a chunk, an event).
 */
export function openMastraSpan(start: MastraSpanStart, parent: MastraSpanEntry | undefined): MastraSpanEntry | undefined {
  const kind = kindOf(start.type);
  if (kind === "dropped" || start.isEvent) return undefined;
  const generation = start.type === "model_generation" ? newGeneration(start) : parent?.generation;
  const entry: MastraSpanEntry = { id: "", type: start.type, generation, parent };
  if (kind === "hidden" && parent?.anchor) {
    entry.anchor = parent.anchor;
  } else {
    const spanType = kind === "hidden" ? SpanType.CHAT_MODEL : kind.record;
    entry.live = startSpan({
      name: spanName(start, generation),
      spanType,
      parent: parent?.anchor,
      inputs: startInputs(start, spanType, generation),
      attributes: startAttributes(start, spanType, generation),
    });
    entry.anchor = entry.live;
    if (start.type === "model_step") entry.toolMessages = [];
  }
  entry.id = entry.live?.spanId ?? hiddenSpanId();
  if (start.type === "agent_run" || start.type.startsWith("model_")) markCoveredByFramework(entry.anchor!);
  return entry;
}

/** Mastra spans kept open at most: beyond it (spans Mastra never ended) the oldest tenth is forgotten. */
const MAX_OPEN_SPANS = 100_000;

/** Registers `entry` under Mastra's span ID `id`, keeping the registry bounded. */
export function registerMastraSpan(id: string, entry: MastraSpanEntry): void {
  const spans = pluginState().spans;
  if (spans.size >= MAX_OPEN_SPANS) {
    warnOnce("mastra.too-many-open", `more than ${MAX_OPEN_SPANS} Mastra spans were never ended; the oldest are no longer tracked`);
    let drop = MAX_OPEN_SPANS / 10;
    for (const key of spans.keys()) {
      if (drop-- <= 0) break;
      spans.delete(key);
    }
  }
  spans.set(id, entry);
}

/** A fresh span ID for a hidden span, which has no span of ours (16 hex, W3C). */
export function hiddenSpanId(): string {
  return randomBytes(8).toString("hex");
}

function recordError(span: LiveSpan, errorInfo: Loose): void {
  const error = { name: String(errorInfo.name ?? errorInfo.id ?? "Error"), message: String(errorInfo.message ?? ""), stack: errorInfo.stack };
  span.recordException(error);
}

/** Outputs, usage and status of an ended span; a step's messages go into its generation's conversation. */
function finishLive(entry: MastraSpanEntry, ended: Loose): void {
  const span = entry.live!;
  const usage = ended.attributes?.usage;
  if (entry.type === "model_step" || (entry.type === "model_generation" && !entry.parent)) {
    span.setOutputs(assistantMessage(ended.output));
    if (usage) span.setTokenUsage(usage);
  } else if (ended.output !== undefined) {
    span.setOutputs(ended.output);
  }
  span.setAttributes(mastraAttributes(ended.attributes));
  if (ended.errorInfo) recordError(span, ended.errorInfo);
  else if (ended.output && typeof ended.output === "object" && ended.output.status === "aborted") span.setStatus("ERROR", "cancelled");
  else if (entry.type === "model_step" && entry.generation?.aborted) span.setStatus("ERROR", "cancelled");
  else if (entry.type === "model_step" && ended.attributes?.finishReason === "error") span.setStatus("ERROR", "the model call failed");
  span.end();
}

/** Keeps the generation's conversation: a step adds its assistant message and tool results, a tool its result. */
function updateConversation(entry: MastraSpanEntry, ended: Loose): void {
  if (entry.type === "model_step" && entry.generation) {
    entry.generation.conversation.push(assistantMessage(ended.output), ...(entry.toolMessages ?? []));
  } else if (kindOf(entry.type) !== "hidden" && entry.parent?.type === "model_step" && entry.parent.toolMessages) {
    const callId = ended.attributes?.toolCallId;
    entry.parent.toolMessages.push({ role: "tool", tool_call_id: String(callId ?? ""), content: toolResultText(ended.errorInfo ? { error: ended.errorInfo.message } : ended.output) });
  }
}

/** Ends the recording of the Mastra span `id` (from its exported form at `span_ended`). */
export function closeMastraSpan(id: string, ended: Loose): void {
  const state = pluginState();
  const entry = state.spans.get(id);
  if (!entry) return;
  state.spans.delete(id);
  // An aborted generation ends before its last step, which Mastra ends without saying why.
  if (entry.type === "model_generation" && entry.generation && ended.attributes?.finishReason === "aborted") entry.generation.aborted = true;
  updateConversation(entry, ended);
  if (entry.live) finishLive(entry, ended);
}
