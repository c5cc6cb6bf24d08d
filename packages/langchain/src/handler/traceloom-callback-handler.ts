import { callerFileOf, SpanAttributeKey, SpanType } from "@traceloom/core";
import { warnOnce } from "../log.js";
import { enableModelContext } from "../patch/model-copies.js";
import { pluginState } from "../state.js";
import { toDocumentRecords } from "../convert/documents.js";
import { llmOutputs, llmTokenUsage } from "../convert/llm-result.js";
import { toChatMessages } from "../convert/messages.js";
import { safeInvocationParams } from "../convert/params.js";
import { toReadablePayload } from "../convert/payload.js";
import { endRun, failRun, runEntry, skipRun, startRun } from "../runs/run-registry.js";
import { chainSpanType, isHiddenRun, runName, type SerializedRunnable } from "../runs/run-naming.js";
import { parseToolInput, toolOutputs } from "../convert/tool-io.js";

type Metadata = Record<string, unknown> | undefined;
type Tags = string[] | undefined;

/** The name every traceloom handler reports to LangChain; autolog uses it to avoid adding a second one. */
export const TRACELOOM_HANDLER_NAME = "traceloom_tracer";

/** Runs `fn`, logging (once) instead of throwing: a tracing bug never reaches the user's chain. */
function guard(key: string, fn: () => void): void {
  try {
    fn();
  } catch (err) {
    warnOnce(`langchain.${key}`, `internal error in the LangChain handler (${key}); tracing continues`, err);
  }
}

/** Tags and metadata as span attributes, leaving out empty ones. */
function contextAttributes(tags: Tags, metadata: Metadata): Record<string, unknown> {
  const attrs: Record<string, unknown> = {};
  if (Array.isArray(tags) && tags.length > 0) attrs.tags = tags;
  if (metadata && Object.keys(metadata).length > 0) attrs.metadata = metadata;
  return attrs;
}

function modelAttributes(extraParams: Record<string, unknown> | undefined, tags: Tags, metadata: Metadata): Record<string, unknown> {
  const attrs = contextAttributes(tags, metadata);
  const params = safeInvocationParams(extraParams?.invocation_params);
  if (params) attrs.invocation_params = params;
  attrs[SpanAttributeKey.MESSAGE_FORMAT] = "openai";
  return attrs;
}

/**
 * A LangChain callback handler that records every run it sees as a traceloom span, nested by LangChain's run IDs
 * (a root run nests under your active span). `autolog()` adds one to every run for you; pass it yourself with
 * `{ callbacks: [new TraceloomCallbackHandler()] }` when you prefer explicit wiring. Handlers share their runs, so a
 * run seen by two of them is traced once.
 *
 * @example
 * ```ts
 * await chain.invoke({ topic: "bears" }, { callbacks: [new TraceloomCallbackHandler()] });
 * ```
 */
export class TraceloomCallbackHandler {
  /** The name LangChain knows the handler by. */
  readonly name = TRACELOOM_HANDLER_NAME;
  /** Callbacks run inline, in the caller's async context, so spans nest under the caller's active span. */
  awaitHandlers = true;
  /** A tracing failure never fails the run. */
  raiseError = false;
  ignoreLLM = false;
  ignoreChain = false;
  ignoreAgent = false;
  ignoreRetriever = false;
  ignoreRetry = true;
  ignoreCustomEvent = true;
  /** LangChain serialization marker (a handler is never serialized). */
  lc_serializable = false;

  /**
   * A handler made by the application (not by `autolog()`) also makes each model run its own calls with the
   * model's span active, so a raw SDK call inside (traced by the OpenAI autolog) nests under it, in the same trace.
   */
  constructor() {
    if (pluginState().installed || pluginState().modelContext) return;
    enableModelContext(callerFileOf(TraceloomCallbackHandler));
  }

  /** LangChain copies handlers when it forks a callback manager; all copies share the same runs. */
  copy(): this {
    return this;
  }

  /** A chain (any runnable: sequence, prompt, parser, lambda, LangGraph graph or node) started. */
  handleChainStart(chain: SerializedRunnable, inputs: unknown, runId: string, parentRunId?: string, tags?: Tags, metadata?: Metadata, runType?: string, name?: string): void {
    guard("chain-start", () => {
      if (isHiddenRun(tags)) return skipRun(runId, parentRunId);
      const spanName = runName(chain, name, "chain");
      startRun({ runId, parentRunId, name: spanName, spanType: chainSpanType(chain, runType, spanName, metadata), inputs: toReadablePayload(inputs), attributes: contextAttributes(tags, metadata) });
    });
  }

  /** A chain finished. */
  handleChainEnd(outputs: unknown, runId: string): void {
    guard("chain-end", () => endRun(runId, (span) => span.setOutputs(toReadablePayload(outputs))));
  }

  /** A chain failed. */
  handleChainError(error: unknown, runId: string): void {
    guard("chain-error", () => failRun(runId, error));
  }

  /** A chat model started (`messages`: one list per prompt). */
  handleChatModelStart(llm: SerializedRunnable, messages: unknown[][], runId: string, parentRunId?: string, extraParams?: Record<string, unknown>, tags?: Tags, metadata?: Metadata, name?: string): void {
    guard("chat-start", () => {
      const converted = messages.map(toChatMessages);
      const inputs = converted.length === 1 ? { messages: converted[0] } : { messages: converted };
      startRun({ runId, parentRunId, name: runName(llm, name, "chat_model"), spanType: SpanType.CHAT_MODEL, inputs, attributes: modelAttributes(extraParams, tags, metadata) });
    });
  }

  /** A text-completion LLM started. */
  handleLLMStart(llm: SerializedRunnable, prompts: string[], runId: string, parentRunId?: string, extraParams?: Record<string, unknown>, tags?: Tags, metadata?: Metadata, name?: string): void {
    guard("llm-start", () => {
      const inputs = prompts.length === 1 ? { prompt: prompts[0] } : { prompts };
      const attributes = modelAttributes(extraParams, tags, metadata);
      delete attributes[SpanAttributeKey.MESSAGE_FORMAT];
      startRun({ runId, parentRunId, name: runName(llm, name, "llm"), spanType: SpanType.LLM, inputs, attributes });
    });
  }

  /** A streamed token: counted and kept, so a stream's text is recorded even when LangChain does not aggregate it. */
  handleLLMNewToken(token: string, _idx: unknown, runId: string): void {
    guard("llm-token", () => {
      const entry = runEntry(runId);
      if (!entry?.span) return;
      entry.streamedTokens++;
      if (typeof token === "string") entry.streamedText.push(token);
    });
  }

  /** A model run finished: outputs, token usage, and the streamed-token count. */
  handleLLMEnd(output: unknown, runId: string): void {
    guard("llm-end", () =>
      endRun(runId, (span, entry) => {
        span.setOutputs(llmOutputs(output, entry.streamedText.join("")));
        const usage = llmTokenUsage(output);
        if (usage) span.setTokenUsage(usage);
        if (entry.streamedTokens > 0) span.setAttribute("traceloom.stream.tokens", entry.streamedTokens);
      }),
    );
  }

  /** A model run failed. */
  handleLLMError(error: unknown, runId: string): void {
    guard("llm-error", () => failRun(runId, error));
  }

  /** A tool started; a JSON input string is recorded as the object it encodes. */
  handleToolStart(tool: SerializedRunnable, input: string, runId: string, parentRunId?: string, tags?: Tags, metadata?: Metadata, name?: string, toolCallId?: string): void {
    guard("tool-start", () => {
      const attributes = contextAttributes(tags, metadata);
      if (toolCallId) attributes.tool_call_id = toolCallId;
      startRun({ runId, parentRunId, name: runName(tool, name, "tool"), spanType: SpanType.TOOL, inputs: parseToolInput(input), attributes });
    });
  }

  /** A tool finished. */
  handleToolEnd(output: unknown, runId: string): void {
    guard("tool-end", () => endRun(runId, (span) => span.setOutputs(toolOutputs(output))));
  }

  /** A tool failed. */
  handleToolError(error: unknown, runId: string): void {
    guard("tool-error", () => failRun(runId, error));
  }

  /** A retriever started. */
  handleRetrieverStart(retriever: SerializedRunnable, query: string, runId: string, parentRunId?: string, tags?: Tags, metadata?: Metadata, name?: string): void {
    guard("retriever-start", () => {
      startRun({ runId, parentRunId, name: runName(retriever, name, "retriever"), spanType: SpanType.RETRIEVER, inputs: { query }, attributes: contextAttributes(tags, metadata) });
    });
  }

  /** A retriever finished: its documents are the outputs, in MLflow's document shape. */
  handleRetrieverEnd(documents: unknown, runId: string): void {
    guard("retriever-end", () => endRun(runId, (span) => span.setOutputs(toDocumentRecords(documents))));
  }

  /** A retriever failed. */
  handleRetrieverError(error: unknown, runId: string): void {
    guard("retriever-error", () => failRun(runId, error));
  }

  /** A legacy agent chose an action: an event on the agent's span. */
  handleAgentAction(action: { tool?: string; toolInput?: unknown; log?: string }, runId: string): void {
    guard("agent-action", () => {
      runEntry(runId)?.span?.addEvent("agent_action", { tool: action?.tool, tool_input: action?.toolInput, log: action?.log });
    });
  }

  /** A legacy agent finished: an event on the agent's span (the chain end records the outputs). */
  handleAgentEnd(finish: { returnValues?: unknown; log?: string }, runId: string): void {
    guard("agent-end", () => {
      runEntry(runId)?.span?.addEvent("agent_finish", { return_values: finish?.returnValues, log: finish?.log });
    });
  }
}
