/**
 * Process-wide state of the OpenAI instrumentation, on `globalThis` under a registered symbol: the ESM and CJS
 * builds of this package may both be loaded, and they must agree on what is patched and whether to record.
 */
export interface OpenAIAutologState {
  /** `autolog()` is installed (not disabled). */
  installed: boolean;
  /** Record spans for calls through patched prototypes. */
  logTraces: boolean;
  /** Suppress this plugin's warnings. */
  silent: boolean;
  /** Restores every prototype method patched by `autolog()`. */
  restorers: Array<() => void>;
  /** Prototypes already patched (by either module copy of this package). */
  patched: WeakSet<object>;
  /** Undoes the hook that patches CommonJS copies of `openai` required later. */
  unhookRequire: (() => void) | undefined;
  /** Stops patching ES module copies of `openai` loaded later. */
  unwatchEsm: (() => void) | undefined;
  /** Client classes of the copies of `openai` patched (one per copy). */
  copies: WeakSet<object>;
  /** How many copies were patched since `autolog()` was installed. */
  copyCount: number;
}

const KEY = Symbol.for("traceloom.openai.state.v1");

/** The one {@link OpenAIAutologState} of this process. */
export function getAutologState(): OpenAIAutologState {
  const g = globalThis as unknown as Record<symbol, OpenAIAutologState | undefined>;
  let state = g[KEY];
  if (!state) {
    state = {
      installed: false,
      logTraces: true,
      silent: false,
      restorers: [],
      patched: new WeakSet(),
      unhookRequire: undefined,
      unwatchEsm: undefined,
      copies: new WeakSet(),
      copyCount: 0,
    };
    g[KEY] = state;
  }
  return state;
}
