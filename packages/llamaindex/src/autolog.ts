import { fileURLToPath } from "node:url";
import { dirname } from "node:path";
import { logOnce, resolveAutologOptions, type AutologOptions } from "@traceloom/core";
import { observeEvents } from "./events/observe-events.js";
import { instrumentAgentWorkflow } from "./instrument/agent-workflow.js";
import { instrumentChatEngines } from "./instrument/chat-engine.js";
import { instrumentEmbedding } from "./instrument/embedding.js";
import { instrumentIndexBuild } from "./instrument/index-build.js";
import { removeInstancePatches } from "./instrument/instance-patches.js";
import { forgetSeenModels, instrumentBaseLLM } from "./instrument/llm.js";
import { instrumentNodeParser } from "./instrument/node-parser.js";
import { instrumentQueryEngine } from "./instrument/query-engine.js";
import { instrumentRetriever } from "./instrument/retriever.js";
import { watchSettingsLLM } from "./instrument/settings-llm.js";
import { instrumentSynthesizer } from "./instrument/synthesizer.js";
import { installedPatchCount, rememberPatch, removeAllPatches } from "./runtime/patch-set.js";
import { setRecording } from "./runtime/recording.js";
import { llamaIndexTargets as t } from "./targets.js";
import { driftWarning, findLlamaIndexCoreCopies } from "./version-drift.js";

function install(): void {
  const patches = [
    observeEvents(t.CallbackManager, t.currentEventCaller),
    watchSettingsLLM(t.Settings),
    instrumentQueryEngine(t.BaseQueryEngine),
    instrumentRetriever(t.BaseRetriever),
    instrumentSynthesizer(t.BaseSynthesizer),
    ...instrumentEmbedding(t.BaseEmbedding),
    instrumentBaseLLM(t.BaseLLM),
    instrumentNodeParser(t.NodeParser),
    ...instrumentChatEngines(t.ChatEngines),
    ...instrumentAgentWorkflow(t.AgentWorkflow),
    instrumentIndexBuild(t.VectorStoreIndex),
  ];
  patches.forEach(rememberPatch);
}

function uninstall(): void {
  removeInstancePatches();
  removeAllPatches();
  forgetSeenModels();
}

function warnAboutDrift(): void {
  const here = dirname(fileURLToPath(import.meta.url));
  const copies = findLlamaIndexCoreCopies([process.cwd(), here]);
  if (copies.length > 1) logOnce("llamaindex.drift", driftWarning(copies));
}

let installed = false;

/**
 * Traces LlamaIndex.TS: query engines, retrievers, synthesizers, chat engines, embeddings, LLM calls, tools and
 * agent workflows become one nested trace per top-level call. Call it once at start-up, before building engines.
 *
 * Idempotent: calling it again only applies the new options. `{ logTraces: false }` keeps the instrumentation in
 * place but records nothing; `{ disable: true }` restores LlamaIndex's original methods; `{ silent: true }` hides
 * traceloom's warnings (such as two installed copies of `@llamaindex/core`). Never throws.
 */
export function autolog(options: AutologOptions = {}): void {
  const { logTraces, disable, silent } = resolveAutologOptions(options);
  try {
    if (disable) {
      setRecording(false);
      if (installed) uninstall();
      installed = false;
      return;
    }
    if (!installed) {
      install();
      installed = true;
      if (!silent) warnAboutDrift();
    }
    setRecording(logTraces);
  } catch (err) {
    if (!silent) logOnce("llamaindex.autolog", "autolog() could not instrument LlamaIndex; it runs untraced", err);
  }
}

/** Whether `autolog()` instrumentation is installed, and how many methods it patched (for diagnostics and tests). */
export function autologStatus(): { installed: boolean; patches: number } {
  return { installed, patches: installedPatchCount() };
}
