import type { LiveSpan } from "@traceloom/core";

/** What traceloom keeps of one Agents SDK span it mirrors. */
export interface MirroredSpan {
  /** The traceloom span standing for it. */
  span: LiveSpan;
  /** The SDK span kind (`agent`, `turn`, `response`, …). */
  kind: string;
  /** The SDK trace it belongs to. */
  sdkTraceId: string;
  /** The mirrored span of the SDK parent, when there is one. */
  parent?: MirroredSpan;
  /** First model input seen below it (agents, turns, the run): the conversation it was given. */
  sawInput?: boolean;
}

/**
 * Process-wide state of the Agents SDK instrumentation, on `globalThis` under a registered symbol: the ESM and
 * CJS builds of this package may both be loaded, and they must share one processor and one span mirror.
 */
export interface AgentsAutologState {
  /** `autolog()` is installed (not disabled). */
  installed: boolean;
  /** Record spans. */
  logTraces: boolean;
  /** Suppress this plugin's warnings. */
  silent: boolean;
  /** Mirrored spans in flight, by SDK span ID. */
  spans: Map<string, MirroredSpan>;
  /** SDK traces the processor was told about (spans of other traces are never mirrored). */
  traces: Map<string, { name?: string; groupId?: string; cancelled?: boolean }>;
  /** The processor registered with the SDK's trace provider(s). */
  processor?: object;
  /** Trace providers our processor is registered with. */
  providers: WeakSet<object>;
  /** Undo functions of what autolog installed (provider hooks, the active-span source). */
  restorers: Array<() => void>;
  /** A trace provider was found (for the "nothing found" warning). */
  foundProvider: boolean;
  /** The "nothing found" check at exit is scheduled. */
  exitCheck?: boolean;
}

const KEY = Symbol.for("traceloom.openai-agents.state.v1");

/** The one {@link AgentsAutologState} of this process. */
export function getAutologState(): AgentsAutologState {
  const g = globalThis as unknown as Record<symbol, AgentsAutologState | undefined>;
  let state = g[KEY];
  if (!state) {
    state = {
      installed: false,
      logTraces: true,
      silent: false,
      spans: new Map(),
      traces: new Map(),
      providers: new WeakSet(),
      restorers: [],
      foundProvider: false,
    };
    g[KEY] = state;
  }
  return state;
}

/** Whether spans are recorded right now. */
export function isRecording(): boolean {
  const state = getAutologState();
  return state.installed && state.logTraces;
}
