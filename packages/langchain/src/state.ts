import type { LiveSpan, RequireListener } from "@traceloom/core";

/** One LangChain run being traced: its span, or — for a hidden run — the span its children nest under. */
export interface RunEntry {
  /** The run's own span; absent for a hidden run (its children attach to `parent`). */
  span?: LiveSpan;
  /** Where children of a hidden run attach. */
  parent?: LiveSpan;
  /** The LangChain run this one runs in, if any (traced or hidden). */
  parentRunId?: string;
  /** Streamed tokens seen for an LLM run. */
  streamedTokens: number;
  streamedText: string[];
}

/** A property replaced by the instrumentation, restored by `autolog({ disable: true })`. */
export interface AppliedPatch {
  target: object;
  key: PropertyKey;
  /** The property's own descriptor before the patch; undefined when it was inherited (or absent). */
  original: PropertyDescriptor | undefined;
  replacement: unknown;
}

/** Process-wide state, shared by the ESM and CJS copies of this package through `globalThis`. */
export interface LangChainPluginState {
  /** `autolog()` is installed (and not disabled). */
  installed: boolean;
  /** Record traces through the autolog handler. */
  logTraces: boolean;
  /** `autolog({ silent: true })`: the plugin's warnings are not logged. */
  silent: boolean;
  /** Runs in flight, by LangChain run ID — shared by every handler instance, so two handlers never double-trace. */
  runs: Map<string, RunEntry>;
  patches: AppliedPatch[];
  /** Objects (classes, prototypes) already patched. */
  patched: WeakSet<object>;
  /** Our listener on core's require hook, while CommonJS loads are watched. */
  requireListener?: RequireListener;
  /** The handler autolog adds to every callback manager. */
  autologHandler?: object;
  /** Copies of @langchain/core whose `CallbackManager` autolog patched. */
  coreCopies?: number;
  /** A handler was made explicitly: models run their calls with their run's span active even with autolog off. */
  modelContext?: boolean;
}

const KEY = Symbol.for("traceloom.langchain.state");

/** The shared plugin state (created on first use). */
export function pluginState(): LangChainPluginState {
  const g = globalThis as unknown as Record<symbol, LangChainPluginState | undefined>;
  let state = g[KEY];
  if (!state) {
    state = { installed: false, logTraces: true, silent: false, runs: new Map(), patches: [], patched: new WeakSet() };
    g[KEY] = state;
  }
  return state;
}
