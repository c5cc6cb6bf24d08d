/**
 * Process-wide state of the AI SDK instrumentation, on `globalThis` under a registered symbol: the ESM and CJS
 * builds of this package may both be loaded, and they must share one registration with the AI SDK.
 */
export interface AiSdkAutologState {
  /** `autolog()` is installed (not disabled). */
  installed: boolean;
  /** Record spans for AI SDK operations. */
  logTraces: boolean;
  /** Suppress this plugin's warnings. */
  silent: boolean;
  /** The ai 7 integration object this package put in the AI SDK's global registry, while it is there. */
  integration: object | undefined;
  /** The ai 6 integration object this package put in the AI SDK's global registry, while it is there. */
  v6Integration?: object;
}

const KEY = Symbol.for("traceloom.ai-sdk.state.v1");

/** The one {@link AiSdkAutologState} of this process. */
export function getAutologState(): AiSdkAutologState {
  const g = globalThis as unknown as Record<symbol, AiSdkAutologState | undefined>;
  let state = g[KEY];
  if (!state) {
    state = { installed: false, logTraces: true, silent: false, integration: undefined };
    g[KEY] = state;
  }
  return state;
}

/** Whether operations are recorded now: `autolog()` installed with `logTraces` on. */
export function recording(): boolean {
  const state = getAutologState();
  return state.installed && state.logTraces;
}
