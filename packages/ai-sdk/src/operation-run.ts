import { withActiveSpan, type LiveSpan } from "@traceloom/core";
import { assistantMessage, chatMessages, chatTools } from "./messages.js";
import { endCancelled, endFailed, openSpan, SpanType } from "./spans.js";
import { tokenUsage } from "./usage.js";

type Event = Record<string, unknown>;

/** How the root span of each AI SDK operation is named and typed. */
const OPERATIONS: Record<string, { name: string; kind: "text" | "object" | "embed" }> = {
  "ai.generateText": { name: "generateText", kind: "text" },
  "ai.streamText": { name: "streamText", kind: "text" },
  "ai.generateObject": { name: "generateObject", kind: "object" },
  "ai.streamObject": { name: "streamObject", kind: "object" },
  "ai.embed": { name: "embed", kind: "embed" },
  "ai.embedMany": { name: "embedMany", kind: "embed" },
};

const hasTools = (tools: unknown): boolean =>
  Array.isArray(tools) ? tools.length > 0 : typeof tools === "object" && tools !== null && Object.keys(tools).length > 0;

function modelAttributes(e: Event): Record<string, unknown> {
  const model = (typeof e.model === "object" && e.model !== null ? e.model : e) as Event;
  // gen_ai.request.model (OpenTelemetry GenAI convention) is where the viewer looks for the model to price.
  return { "ai.model.provider": model.provider, "gen_ai.request.model": model.modelId };
}

/** The inputs of an operation or model call: the conversation, the tools offered, the model. */
function chatInputs(e: Event): Record<string, unknown> {
  const inputs: Record<string, unknown> = { messages: chatMessages(e.messages, e.instructions ?? e.system, e.prompt) };
  const tools = chatTools(e.tools);
  if (tools) inputs.tools = tools;
  return inputs;
}

/**
 * The spans of one AI SDK operation (generateText, streamText, generateObject, streamObject, embed, embedMany):
 * its root (AGENT when tools are offered, else CHAIN), a CHAT_MODEL span per model call, a TOOL span per tool
 * execution, an EMBEDDING span per embedding model call — all children of the root, in the order they ran.
 */
export class OperationRun {
  readonly root: LiveSpan;
  private readonly kind: "text" | "object" | "embed";
  private model: LiveSpan | undefined;
  private stepNumber = 0;
  private readonly tools = new Map<string, LiveSpan>();
  private readonly embeddings = new Map<string, LiveSpan>();

  private constructor(root: LiveSpan, kind: "text" | "object" | "embed") {
    this.root = root;
    this.kind = kind;
  }

  /** Starts the run of an operation's start event, under the active span; undefined when it cannot be recorded. */
  static start(e: Event, fallbackName: string): OperationRun | undefined {
    const op = OPERATIONS[String(e.operationId)] ?? { name: fallbackName, kind: "text" as const };
    const name = typeof e.functionId === "string" && e.functionId !== "" ? e.functionId : op.name;
    const embed = op.kind === "embed";
    const root = openSpan({
      name,
      spanType: hasTools(e.tools) ? SpanType.AGENT : SpanType.CHAIN,
      inputs: embed ? { values: e.value } : chatInputs(e),
      attributes: { ...modelAttributes(e), "ai.operation": op.name },
      chat: !embed,
    });
    return root ? new OperationRun(root, op.kind) : undefined;
  }

  get ended(): boolean {
    return this.root.ended;
  }

  stepStarted(e: Event): void {
    if (typeof e.stepNumber === "number") this.stepNumber = e.stepNumber;
  }

  /** A model call begins (one per step; a retry of the same step begins a new one). */
  modelCallStarted(e: Event, messages: unknown = e.messages): void {
    if (this.model && !this.model.ended) endCancelled(this.model, "the model call was replaced by another attempt");
    this.model = openSpan({
      name: `chat ${String(e.modelId ?? (e.model as Event | undefined)?.modelId ?? "model")}`,
      spanType: SpanType.CHAT_MODEL,
      parent: this.root,
      inputs: chatInputs({ ...e, messages }),
      attributes: { ...modelAttributes(e), "ai.step": this.stepNumber },
      chat: true,
    });
  }

  /** Runs the provider request inside the current model call's span, so spans of the provider's own SDK nest in it. */
  inModelCall<T>(execute: () => T): T {
    const span = this.model;
    return span && !span.ended ? withActiveSpan(span, execute) : execute();
  }

  /** A model call finished: its reply, finish reason and token usage. */
  modelCallEnded(e: Event, output?: unknown, endTimeNs?: number): void {
    const span = this.model;
    if (!span || span.ended) return;
    const usage = tokenUsage(e.usage);
    if (usage) span.setTokenUsage(usage);
    if (e.finishReason !== undefined) span.setAttribute("ai.finish_reason", e.finishReason);
    span.end({ outputs: output ?? assistantMessage(e.content, e.text), endTimeNs });
  }

  /** The model call failed (its step ends without a result). */
  modelCallFailed(error: unknown): void {
    endFailed(this.model, error);
  }

  /** The span of the model call in progress, if any. */
  get modelSpan(): LiveSpan | undefined {
    return this.model && !this.model.ended ? this.model : undefined;
  }

  toolStarted(toolCall: Event): void {
    const id = String(toolCall.toolCallId ?? "");
    const span = openSpan({
      name: String(toolCall.toolName ?? "tool"),
      spanType: SpanType.TOOL,
      parent: this.root,
      inputs: toolCall.input ?? toolCall.args,
      attributes: { "ai.tool_call_id": id, "ai.step": this.stepNumber },
    });
    if (span) this.tools.set(id, span);
  }

  /** The open span of the tool call `toolCallId`, if any. */
  toolSpan(toolCallId: unknown): LiveSpan | undefined {
    return this.tools.get(String(toolCallId));
  }

  /** Runs a tool's `execute` inside its span, so work it starts (a nested generateText, say) nests under it. */
  inTool<T>(toolCallId: unknown, execute: () => T): T {
    const span = this.tools.get(String(toolCallId));
    return span && !span.ended ? withActiveSpan(span, execute) : execute();
  }

  toolEnded(toolCallId: unknown, outcome: { output?: unknown; error?: unknown; failed: boolean }): void {
    const id = String(toolCallId);
    const span = this.tools.get(id);
    this.tools.delete(id);
    if (!span) return;
    if (outcome.failed) endFailed(span, outcome.error);
    else span.end({ outputs: outcome.output });
  }

  embeddingStarted(e: Event): void {
    const span = openSpan({
      name: `embeddings ${String(e.modelId ?? "model")}`,
      spanType: SpanType.EMBEDDING,
      parent: this.root,
      inputs: { values: e.values },
      attributes: modelAttributes(e),
    });
    if (span) this.embeddings.set(String(e.embedCallId), span);
  }

  embeddingEnded(e: Event): void {
    const id = String(e.embedCallId);
    const span = this.embeddings.get(id);
    this.embeddings.delete(id);
    if (!span) return;
    const usage = tokenUsage(e.usage);
    if (usage) span.setTokenUsage(usage);
    span.end({ outputs: { embeddings: e.embeddings } });
  }

  /** The operation finished: its result, and any child still open ends with it. */
  finished(e: Event): void {
    this.closeChildren((span) => span.end());
    if (e.finishReason === "error") this.root.setStatus("ERROR", "the model stream reported an error");
    this.root.end({ outputs: this.outputOf(e) });
  }

  /** The operation was stopped early (its abort signal): it and its open children end as cancelled. */
  aborted(reason: unknown): void {
    const why = reason instanceof Error ? reason.message : typeof reason === "string" ? reason : "the operation was aborted";
    this.closeChildren((span) => endCancelled(span, why));
    endCancelled(this.root, why);
  }

  /** The operation failed: the error is recorded on it and on the children still open. */
  failed(error: unknown): void {
    this.closeChildren((span) => endFailed(span, error));
    endFailed(this.root, error);
  }

  /**
   * The operation stopped without telling how (ai 6 reports no errors): it and its open children end with status
   * ERROR and `reason`, and no exception is invented.
   */
  endedWithoutResult(reason: string): void {
    this.closeChildren((span) => span.setStatus("ERROR", reason).end());
    this.root.setStatus("ERROR", reason);
    this.root.end();
  }

  private closeChildren(close: (span: LiveSpan) => void): void {
    const open = [this.model, ...this.tools.values(), ...this.embeddings.values()];
    for (const span of open) if (span && !span.ended) close(span);
    this.tools.clear();
    this.embeddings.clear();
  }

  private outputOf(e: Event): unknown {
    if (this.kind === "embed") return Array.isArray(e.value) ? { embeddings: e.embedding ?? e.embeddings } : { embedding: e.embedding };
    if (this.kind === "object") return e.object;
    // The final answer; the tool calls of earlier steps are on their own spans.
    return typeof e.text === "string" ? { role: "assistant", content: e.text } : assistantMessage(e.content);
  }
}
