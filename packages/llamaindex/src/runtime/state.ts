import type { LiveSpan } from "@traceloom/core";
import type { Unpatch } from "./wrap-method.js";

/**
 * Process-wide state of the LlamaIndex instrumentation, on `globalThis` under a registered symbol: the ES module
 * and CommonJS builds of this package may both be loaded, and their wrappers are marked alike (a method wrapped by
 * one is not wrapped again by the other), so both must agree on what is installed, whether to record, and which
 * spans are open.
 */
export interface LlamaIndexPluginState {
  /** `autolog()` has instrumented LlamaIndex (and was not disabled since). */
  installed: boolean;
  /** Spans are recorded (`autolog({ logTraces })`). */
  recording: boolean;
  /** `autolog({ silent: true })`: this plugin's warnings are not logged. */
  silent: boolean;
  /** Undo functions of the patches on classes, prototypes and the `require` hook, oldest first. */
  patches: Unpatch[];
  /** Undo functions of the patches on model instances, held weakly. */
  instancePatches: WeakMap<object, Unpatch>;
  /** The instances in {@link instancePatches}, to find them again. */
  patchedInstances: Set<WeakRef<object>>;
  /** Model instances already instrumented. */
  seenModels: WeakSet<object>;
  /** Module exports (of any copy of LlamaIndex) already instrumented. */
  instrumentedModules: WeakSet<object>;
  /** Spans opened from LlamaIndex's start events, by event key, awaiting their end event. */
  openEventSpans: Map<string, LiveSpan>;
  /** Model spans made by the wrappers, with the model each belongs to. */
  llmSpans: WeakMap<LiveSpan, object>;
  /** TOOL spans made by the wrappers. */
  toolSpans: WeakSet<LiveSpan>;
  /** AGENT spans of running workflows, with their workflow. */
  agentSpans: WeakMap<LiveSpan, object>;
}

const KEY = Symbol.for("traceloom.llamaindex.state.v1");

/** The one {@link LlamaIndexPluginState} of this process (created on first use). */
export function pluginState(): LlamaIndexPluginState {
  const g = globalThis as unknown as Record<symbol, LlamaIndexPluginState | undefined>;
  let state = g[KEY];
  if (!state) {
    state = {
      installed: false,
      recording: false,
      silent: false,
      patches: [],
      instancePatches: new WeakMap(),
      patchedInstances: new Set(),
      seenModels: new WeakSet(),
      instrumentedModules: new WeakSet(),
      openEventSpans: new Map(),
      llmSpans: new WeakMap(),
      toolSpans: new WeakSet(),
      agentSpans: new WeakMap(),
    };
    g[KEY] = state;
  }
  return state;
}
