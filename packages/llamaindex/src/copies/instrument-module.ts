import { observeEvents } from "../events/observe-events.js";
import { instrumentAgentWorkflow } from "../instrument/agent-workflow.js";
import { instrumentChatEngines } from "../instrument/chat-engine.js";
import { instrumentEmbedding } from "../instrument/embedding.js";
import { instrumentIndexBuild } from "../instrument/index-build.js";
import { instrumentBaseLLM, instrumentModelClass, isModelClass } from "../instrument/llm.js";
import { instrumentNodeParser } from "../instrument/node-parser.js";
import { instrumentQueryEngine } from "../instrument/query-engine.js";
import { instrumentRetriever } from "../instrument/retriever.js";
import { watchSettingsLLM } from "../instrument/settings-llm.js";
import { instrumentSynthesizer } from "../instrument/synthesizer.js";
import { warnOnce } from "../runtime/log.js";
import type { Unpatch } from "../runtime/wrap-method.js";

type Class = { prototype: object };
type Exports = Record<string, unknown>;

function isClass(value: unknown): value is Class {
  return typeof value === "function" && typeof (value as Partial<Class>).prototype === "object";
}

/** The module's own `CallbackManager` and `Settings`, when it is `@llamaindex/core/global` (it exports `getEventCaller`). */
function instrumentGlobal(e: Exports): Unpatch[] {
  const getEventCaller = e.getEventCaller;
  if (typeof getEventCaller !== "function") return [];
  const callerOf = (): unknown => (getEventCaller() as { caller?: unknown } | undefined)?.caller;
  return [
    ...(isClass(e.CallbackManager) ? [observeEvents(e.CallbackManager, callerOf)] : []),
    ...(e.Settings && typeof e.Settings === "object" ? [watchSettingsLLM(e.Settings)] : []),
  ];
}

/** One instrumentation per exported class it applies to. */
const CLASS_PATCHES: Array<[name: string, patch: (cls: Class) => Unpatch | Unpatch[]]> = [
  ["BaseQueryEngine", instrumentQueryEngine],
  ["BaseRetriever", instrumentRetriever],
  ["BaseSynthesizer", instrumentSynthesizer],
  ["BaseEmbedding", instrumentEmbedding],
  ["BaseLLM", instrumentBaseLLM],
  ["NodeParser", instrumentNodeParser],
  ["ContextChatEngine", (cls) => instrumentChatEngines([cls])],
  ["SimpleChatEngine", (cls) => instrumentChatEngines([cls])],
  ["AgentWorkflow", instrumentAgentWorkflow],
  ["VectorStoreIndex", instrumentIndexBuild],
];

/** The model classes a module exports (`OpenAI` of `@llamaindex/openai`…), whatever their names. */
function instrumentModelClasses(e: Exports): Unpatch[] {
  const patches: Unpatch[] = [];
  for (const key of Object.keys(e)) {
    try {
      const value = e[key];
      if (isModelClass(value)) patches.push(...instrumentModelClass(value));
    } catch (err) {
      warnOnce("llamaindex.model-classes", `could not look at the export ${key} of a LlamaIndex module; its models are instrumented when first seen`, err);
    }
  }
  return patches;
}

/**
 * Instruments the LlamaIndex classes that one module of one copy of LlamaIndex exports — an ES module namespace or
 * CommonJS exports of `@llamaindex/core/*`, `@llamaindex/workflow`, `llamaindex`, `llamaindex/indices` or a
 * provider package such as `@llamaindex/openai` — and returns the patches made. Safe on any module, and on a class
 * seen before (already patched: nothing more).
 */
export function instrumentModule(exports: unknown): Unpatch[] {
  if (!exports || (typeof exports !== "object" && typeof exports !== "function")) return [];
  const e = exports as Exports;
  const patches = instrumentGlobal(e);
  for (const [name, patch] of CLASS_PATCHES) {
    const cls = e[name];
    if (isClass(cls)) patches.push(...[patch(cls)].flat());
  }
  patches.push(...instrumentModelClasses(e));
  return patches;
}
