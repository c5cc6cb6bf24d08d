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
const completeWrapper = tracedModelMethod(completeSpec);

/** The model methods traced, with their wrappers: `chat` a CHAT_MODEL span, `complete` an LLM span. */
const MODEL_METHODS = [
  ["chat", chatWrapper],
  ["complete", completeWrapper],
] as const;

/** Prototypes walked up from a model class to `Object.prototype`, at most. */
const MAX_PROTOTYPE_DEPTH = 16;

/** The prototypes of `proto`'s chain, `proto` first, without `Object.prototype`. */
function prototypeChain(proto: object | null): object[] {
  const chain: object[] = [];
  for (let p = proto; p && p !== Object.prototype && chain.length < MAX_PROTOTYPE_DEPTH; p = Object.getPrototypeOf(p) as object | null) {
    chain.push(p);
  }
  return chain;
}

/** Whether some prototype of the chain has `name` as a method (read from descriptors: no getter runs). */
function hasMethod(chain: object[], name: string): boolean {
  return chain.some((p) => typeof Object.getOwnPropertyDescriptor(p, name)?.value === "function");
}

/**
 * Traces `BaseLLM.prototype.complete` (an LLM span; the `chat` it calls adds no second span). Model classes
 * define their own `chat`: see {@link instrumentModelClass} and {@link instrumentLLMInstance}.
 */
export function instrumentBaseLLM(BaseLLM: { prototype: object }): Unpatch {
  return wrapMethod(BaseLLM.prototype, "complete", completeWrapper);
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

/** True for a model class: its prototypes have `chat` and `complete` methods (OpenAI, Anthropic, Ollama…). */
export function isModelClass(value: unknown): value is { prototype: object } {
  if (typeof value !== "function") return false;
  const proto = (value as { prototype?: unknown }).prototype;
  if (typeof proto !== "object" || proto === null) return false;
  const chain = prototypeChain(proto);
  return hasMethod(chain, "chat") && hasMethod(chain, "complete");
}

/** Wraps the own `chat`/`complete` of every prototype of the chain; returns the patches made. */
function instrumentPrototypeChain(proto: object | null): Unpatch[] {
  return prototypeChain(proto).flatMap((p) => MODEL_METHODS.map(([name, wrapper]) => wrapMethod(p, name, wrapper)));
}

/**
 * Traces the calls of a model class — e.g. `OpenAI` of `@llamaindex/openai`, instrumented when `autolog()` finds
 * the provider package: the own `chat` and `complete` of its prototypes (its own and those it inherits from).
 * LlamaIndex binds a decorated `chat` to each instance at construction, from the prototype: a model built after
 * this is traced from its first call, its span active during the call, so a raw provider call (e.g. traced by
 * `@traceloom/openai`) nests under it.
 */
export function instrumentModelClass(ModelClass: { prototype: object }): Unpatch[] {
  return instrumentPrototypeChain(ModelClass.prototype);
}

/**
 * Instruments a model instance seen at run time (`Settings.llm`, a synthesizer's or agent's `llm`, the caller of
 * an `llm-start` event): its class (see {@link instrumentModelClass}), for models made later, and the instance's
 * own `chat`/`complete` when LlamaIndex bound them at construction — a model built before `autolog()`.
 */
export function instrumentLLMInstance(llm: unknown): void {
  const { seenModels } = pluginState();
  if (!isModel(llm) || seenModels.has(llm)) return;
  seenModels.add(llm);
  try {
    instrumentPrototypeChain(Object.getPrototypeOf(llm) as object | null).forEach(rememberPatch);
    const own = MODEL_METHODS.filter(([name]) => Object.prototype.hasOwnProperty.call(llm, name) && !isWrapped(llm[name]));
    const undo = own.map(([name, wrapper]) => wrapMethod(llm, name, wrapper));
    if (undo.length > 0) rememberInstancePatch(llm, () => undo.forEach((u) => u()));
  } catch (err) {
    warnOnce("llamaindex.llm.instance", "could not instrument a LlamaIndex model; its calls are traced from events only", err);
  }
}

/** Forgets which instances were seen, so that a later `autolog()` instruments them again. */
export function forgetSeenModels(): void {
  pluginState().seenModels = new WeakSet<object>();
}
