import { SpanType, SpanAttributeKey, type LiveSpan } from "@traceloom/core";
import {
  chatInputs,
  chatOutputs,
  completionOutputs,
  responseTokenUsage,
  streamTokenUsage,
  streamedChatOutputs,
} from "../convert/chat.js";
import { classNameOf } from "../runtime/class-name.js";
import { rememberPatch } from "../runtime/patch-set.js";
import { pluginState } from "../runtime/state.js";
import { runTracedCall, type CallSpec } from "../runtime/traced-call.js";
import { isWrapped, wrapMethod, type Unpatch } from "../runtime/wrap-method.js";
import { rememberInstancePatch } from "./instance-patches.js";
import { activeLLMCallOwner, markLLMSpan } from "./llm-spans.js";
import { warnOnce } from "../runtime/log.js";

interface LLMLike {
  chat?: unknown;
  complete?: unknown;
  metadata?: { model?: unknown; temperature?: unknown; topP?: unknown; maxTokens?: unknown };
}

/** Message format recorded on LlamaIndex model spans (messages are LlamaIndex `ChatMessage`s). */
export const LLAMAINDEX_MESSAGE_FORMAT = "llamaindex";

function describeModel(span: LiveSpan, self: LLMLike): void {
  span.setAttribute(SpanAttributeKey.MESSAGE_FORMAT, LLAMAINDEX_MESSAGE_FORMAT);
  const metadata = self.metadata;
  if (!metadata || typeof metadata !== "object") return;
  const params: Record<string, unknown> = {};
  for (const key of ["model", "temperature", "topP", "maxTokens"] as const) {
    const value = metadata[key];
    if (typeof value === "string" || typeof value === "number") params[key] = value;
  }
  span.setAttributes(params);
}

function recordUsage(span: LiveSpan, usage: ReturnType<typeof responseTokenUsage>): void {
  if (usage) span.setTokenUsage(usage);
}

const chatSpec: CallSpec<LLMLike, [unknown], unknown> = {
  key: "llm.chat",
  name: (self) => `${classNameOf(self, "LLM")}.chat`,
  spanType: SpanType.CHAT_MODEL,
  inputs: (_self, [params]) => chatInputs(params),
  onStart: (span, self) => {
    markLLMSpan(span, self);
    describeModel(span, self);
  },
  onResult: (span, response) => {
    span.setOutputs(chatOutputs(response));
    recordUsage(span, responseTokenUsage(response));
  },
  streamOutputs: streamedChatOutputs,
  onStreamEnd: (span, chunks) => recordUsage(span, streamTokenUsage(chunks)),
};

const completeSpec: CallSpec<LLMLike, [unknown], unknown> = {
  key: "llm.complete",
  name: (self) => `${classNameOf(self, "LLM")}.complete`,
  spanType: SpanType.LLM,
  inputs: (_self, [params]) => ({ prompt: (params as { prompt?: unknown } | undefined)?.prompt }),
  onStart: (span, self) => {
    markLLMSpan(span, self);
    describeModel(span, self);
  },
  onResult: (span, response) => {
    span.setOutputs(completionOutputs(response));
    recordUsage(span, responseTokenUsage(response));
  },
  streamOutputs: (chunks) => (streamedChatOutputs(chunks) as { content: string }).content,
  onStreamEnd: (span, chunks) => recordUsage(span, streamTokenUsage(chunks)),
};

/** A wrapper that traces a model method, unless a traced call on the same model is already running. */
function tracedModelMethod(spec: CallSpec<LLMLike, [unknown], unknown>) {
  return (original: (this: unknown, ...args: unknown[]) => unknown) =>
    function (this: LLMLike, ...args: unknown[]) {
      if (activeLLMCallOwner() === this) return original.apply(this, args);
      return runTracedCall(spec, this, args as [unknown], original);
    };
}

const chatWrapper = tracedModelMethod(chatSpec);

/**
 * Traces `BaseLLM.prototype.complete` (an LLM span; the `chat` it calls adds no second span). Model classes
 * define their own `chat`, so those are instrumented per class and instance as models are seen:
 * {@link instrumentLLMInstance}.
 */
export function instrumentBaseLLM(BaseLLM: { prototype: object }): Unpatch {
  return wrapMethod(BaseLLM.prototype, "complete", tracedModelMethod(completeSpec));
}

/** True for a LlamaIndex model (`chat` and `complete`), not, say, a chat engine that emitted a model's event. */
export function isModel(value: unknown): value is LLMLike {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as LLMLike).chat === "function" &&
    typeof (value as LLMLike).complete === "function"
  );
}

/**
 * Instruments a model instance seen at run time (`Settings.llm`, a synthesizer's or agent's `llm`, the caller of
 * an `llm-start` event): its class's own `chat`, for models made later, and the instance's own `chat` when
 * LlamaIndex bound one at construction. The model's span is active during the call, so a raw provider call
 * (e.g. traced by `@traceloom/openai`) nests under it.
 */
export function instrumentLLMInstance(llm: unknown): void {
  const { seenModels } = pluginState();
  if (!isModel(llm) || seenModels.has(llm)) return;
  seenModels.add(llm);
  try {
    const proto = Object.getPrototypeOf(llm) as object | null;
    if (proto && Object.prototype.hasOwnProperty.call(proto, "chat")) rememberPatch(wrapMethod(proto, "chat", chatWrapper));
    if (Object.prototype.hasOwnProperty.call(llm, "chat") && !isWrapped((llm as LLMLike).chat)) {
      rememberInstancePatch(llm, wrapMethod(llm, "chat", chatWrapper));
    }
  } catch (err) {
    warnOnce("llamaindex.llm.instance", "could not instrument a LlamaIndex model; its calls are traced from events only", err);
  }
}

/** Forgets which instances were seen, so that a later `autolog()` instruments them again. */
export function forgetSeenModels(): void {
  pluginState().seenModels = new WeakSet<object>();
}
