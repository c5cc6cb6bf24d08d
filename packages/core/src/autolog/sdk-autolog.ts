import { isEsModuleProgram } from "./application-esm.js";
import { watchEsModuleLoads } from "./esm-load-hook.js";
import { warnIfNothingPatched } from "./nothing-patched.js";
import { resolveAutologOptions, type AutologOptions } from "./options.js";
import { esmCopiesOf, hookSdkRequires, loadedCommonJsCopiesOf, type PluginWarn, type SdkModuleSpec } from "./sdk-copies.js";

/**
 * Process-wide state of one SDK plugin's `autolog()`, kept on `globalThis` under a registered symbol: the ESM and
 * CJS builds of the plugin may both be loaded, and they must agree on what is patched and whether to record.
 */
export interface SdkAutologState {
  /** `autolog()` is installed (not disabled). */
  installed: boolean;
  /** Record spans for calls through patched prototypes. */
  logTraces: boolean;
  /** Suppress this plugin's warnings. */
  silent: boolean;
  /** Restore every prototype method patched by `autolog()`. */
  restorers: Array<() => void>;
  /** Undoes the hook that patches CommonJS copies required later. */
  unhookRequire: (() => void) | undefined;
  /** Stops patching ES module copies loaded later. */
  unwatchEsm: (() => void) | undefined;
  /** Client classes of the copies patched (one per copy). */
  copies: WeakSet<object>;
  /** How many copies were patched since `autolog()` was installed. */
  copyCount: number;
}

/** The one state of the plugin registered under `key` (`Symbol.for(key)`), created with `extra` fields on first use. */
export function sdkAutologState<Extra extends object = object>(key: string, extra?: () => Extra): SdkAutologState & Extra {
  const g = globalThis as unknown as Record<symbol, (SdkAutologState & Extra) | undefined>;
  const symbol = Symbol.for(key);
  return (g[symbol] ??= {
    installed: false,
    logTraces: true,
    silent: false,
    restorers: [],
    unhookRequire: undefined,
    unwatchEsm: undefined,
    copies: new WeakSet(),
    copyCount: 0,
    ...(extra?.() ?? ({} as Extra)),
  });
}

/** Whether a prototype-level wrapper records: `autolog()` installed and `logTraces` on. */
export function sdkAutologRecords(state: SdkAutologState): boolean {
  return state.installed && state.logTraces;
}

/** Counts a copy of the SDK (by its client class) as patched, once. */
export function countSdkCopy(state: SdkAutologState, clientClass: object): void {
  if (state.copies.has(clientClass)) return;
  state.copies.add(clientClass);
  state.copyCount++;
}

/** What {@link applySdkAutolog} runs for one plugin. */
export interface SdkAutologRun {
  spec: SdkModuleSpec;
  state: SdkAutologState;
  options: AutologOptions;
  /** The user's own copies (`autolog({ openai })`): one, a list, or undefined. */
  explicit: unknown;
  /** The file that called `autolog()` (core's `callerFileOf(autolog)`). */
  caller: string | undefined;
  /** Patches one copy (module namespace, CommonJS exports or client class); idempotent. */
  patchModule: (sdk: unknown) => void;
  /** The plugin's once-per-key logger. */
  warn: PluginWarn;
}

function uninstall(state: SdkAutologState): void {
  for (const restore of state.restorers.splice(0).reverse()) restore();
  state.unhookRequire?.();
  state.unhookRequire = undefined;
  state.unwatchEsm?.();
  state.unwatchEsm = undefined;
  state.installed = false;
  state.copies = new WeakSet();
  state.copyCount = 0;
}

/**
 * The `autolog()` of a plugin that patches an SDK's prototypes: applies the options, then patches every copy of the
 * SDK the application's dependency graph has loaded — the user's own, those in `require.cache`, the loaded ES module
 * ones — and those loaded later (a CommonJS `require`, an ES module import a framework makes on first use); never
 * loads one. Says once where it looked when no copy is patched; `disable` restores every method. Never throws.
 */
export function applySdkAutolog(run: SdkAutologRun): void {
  const { spec, state, patchModule, warn } = run;
  try {
    const { logTraces, disable, silent } = resolveAutologOptions(run.options);
    state.silent = silent;
    if (disable) {
      uninstall(state);
      return;
    }
    const firstInstall = !state.installed;
    state.installed = true;
    state.logTraces = logTraces;
    const explicit = run.explicit === undefined ? [] : Array.isArray(run.explicit) ? run.explicit : [run.explicit];
    for (const sdk of [...explicit, ...loadedCommonJsCopiesOf(spec)]) patchModule(sdk);
    state.unhookRequire ??= hookSdkRequires(spec, patchModule, warn);
    const esm = esmCopiesOf(spec, run.caller, isEsModuleProgram(), warn);
    for (const sdk of esm.loaded) patchModule(sdk);
    if (esm.awaited.length > 0) {
      state.unwatchEsm ??= watchEsModuleLoads(spec.esmEntryUrl, (_url, namespace) => {
        if (state.installed && spec.looksLikeModule(namespace)) patchModule(namespace);
      });
    }
    if (firstInstall) {
      warnIfNothingPatched({
        packageName: spec.packageName,
        searched: esm.searched,
        later: state.unwatchEsm !== undefined,
        nothingPatched: () => state.installed && state.copyCount === 0,
        warn: (message) => warn(`${spec.logKey}.nothing-patched`, message),
      });
    }
  } catch (err) {
    if (!state.silent) warn(`${spec.logKey}.autolog`, `autolog() for ${spec.packageName} failed; its calls are not traced`, err);
  }
}
