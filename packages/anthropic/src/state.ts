/**
 * Process-wide state of the Anthropic instrumentation, on `globalThis` under a registered symbol: the ESM and CJS
 * builds of this package may both be loaded, and they must agree on what is patched and whether to record.
 */
export interface AnthropicAutologState {
  /** `autolog()` is installed (not disabled). */
  installed: boolean;
  /** Record spans for calls through patched prototypes. */
  logTraces: boolean;
  /** Suppress this plugin's warnings. */
  silent: boolean;
  /** Restores every prototype method patched by `autolog()`. */
  restorers: Array<() => void>;
  /** Undoes the hook that patches CommonJS copies required later; stops patching ES module copies loaded later. */
  unhook: Array<() => void>;
  /** ES module copies loaded later are being watched for. */
  watchingEsm: boolean;
  /** Client classes of the copies of the SDK patched (one per copy), and how many since `autolog()`. */
  copies: WeakSet<object>;
  copyCount: number;
}

const KEY = Symbol.for("traceloom.anthropic.state.v1");

/** The one {@link AnthropicAutologState} of this process. */
export function getAutologState(): AnthropicAutologState {
  const g = globalThis as unknown as Record<symbol, AnthropicAutologState | undefined>;
  return (g[KEY] ??= {
    installed: false,
    logTraces: true,
    silent: false,
    restorers: [],
    unhook: [],
    watchingEsm: false,
    copies: new WeakSet(),
    copyCount: 0,
  });
}
