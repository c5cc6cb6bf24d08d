/**
 * Process-wide state of the Google Gen AI instrumentation, on `globalThis` under a registered symbol: the ESM and
 * CJS builds of this package may both be loaded, and they must agree on what is patched and whether to record.
 */
export interface GenAIAutologState {
  /** `autolog()` is installed (not disabled). */
  installed: boolean;
  /** Record spans for calls through patched prototypes. */
  logTraces: boolean;
  /** Suppress this plugin's warnings. */
  silent: boolean;
  /** Restore every prototype method patched by `autolog()`. */
  restorers: Array<() => void>;
  /** Undoes the hook that patches CommonJS copies of `@google/genai` required later. */
  unhookRequire: (() => void) | undefined;
  /** Stops patching ES module copies loaded later. */
  unwatchEsm: (() => void) | undefined;
  /** Client classes of the copies patched (one per copy). */
  copies: WeakSet<object>;
  /** How many copies were patched since `autolog()` was installed. */
  copyCount: number;
}

const KEY = Symbol.for("traceloom.google-genai.state.v1");

/** The one {@link GenAIAutologState} of this process. */
export function getAutologState(): GenAIAutologState {
  const g = globalThis as unknown as Record<symbol, GenAIAutologState | undefined>;
  let state = g[KEY];
  if (!state) {
    state = {
      installed: false,
      logTraces: true,
      silent: false,
      restorers: [],
      unhookRequire: undefined,
      unwatchEsm: undefined,
      copies: new WeakSet(),
      copyCount: 0,
    };
    g[KEY] = state;
  }
  return state;
}
