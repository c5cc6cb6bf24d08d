import type { LiveSpan } from "@traceloom/core";
import type { ChatMessage } from "./chat-messages.js";

/** The model call a Mastra `model_generation` span stands for: its conversation so far, rebuilt step by step. */
export interface GenerationState {
  model?: string;
  provider?: string;
  /** The messages the next step sends: the generation's input, then each step's assistant message and tool results. */
  conversation: ChatMessage[];
  /** The run was aborted (`abortSignal`): its open step ends as cancelled. */
  aborted?: boolean;
}

/** A Mastra span this plugin knows: recorded as `live`, or hidden (its work recorded under `anchor`). */
export interface MastraSpanEntry {
  /** The span's ID as Mastra knows it: our span's ID, or a fresh one for a hidden span. */
  id: string;
  /** Mastra's span type (`agent_run`, `model_step`, …). */
  type: string;
  /** The span recording it; absent for a hidden span. */
  live?: LiveSpan;
  /** Where its children attach and its work runs: its own span, or its nearest recorded ancestor's. */
  anchor?: LiveSpan;
  /** The generation it belongs to (a model_generation, and the steps and tool calls under it). */
  generation?: GenerationState;
  /** The entry of the nearest recorded-or-hidden Mastra ancestor. */
  parent?: MastraSpanEntry;
  /** A step's tool results, added to the conversation after the step's assistant message. */
  toolMessages?: ChatMessage[];
}

/** Process-wide state, shared by the ESM and CJS copies of this package through `globalThis`. */
export interface MastraPluginState {
  installed: boolean;
  logTraces: boolean;
  silent: boolean;
  /** Mastra spans in flight, by Mastra span ID. */
  spans: Map<string, MastraSpanEntry>;
  /** Restores the patched `Mastra.prototype.observability` getters (`autolog({ disable: true })`). */
  restorers: Array<() => void>;
  /** `Mastra` classes whose getter is patched. */
  patchedClasses: WeakSet<object>;
  /** Mastra instances whose observability is already wired to traceloom. */
  attached: WeakSet<object>;
  /** Stops listening for CommonJS copies of @mastra/core loaded later. */
  unhookRequire?: () => void;
  /** How many copies of @mastra/core were patched. */
  copies: number;
}

const KEY = Symbol.for("traceloom.mastra.state");

/** The shared plugin state (created on first use). */
export function pluginState(): MastraPluginState {
  const g = globalThis as unknown as Record<symbol, MastraPluginState | undefined>;
  g[KEY] ??= {
    installed: false,
    logTraces: true,
    silent: false,
    spans: new Map(),
    restorers: [],
    patchedClasses: new WeakSet(),
    attached: new WeakSet(),
    copies: 0,
  };
  return g[KEY];
}

/** Whether Mastra spans are recorded now: `autolog()` installed with `logTraces` on. */
export function recording(): boolean {
  const state = pluginState();
  return state.installed && state.logTraces;
}
