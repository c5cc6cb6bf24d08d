/** The options every traceloom autolog plugin takes. */
export interface AutologOptions {
  /** Record traces (default true). `false` keeps the instrumentation installed but records nothing. */
  logTraces?: boolean;
  /** Remove the instrumentation and restore the original functions (default false). */
  disable?: boolean;
  /** Suppress the plugin's own warnings (default false). */
  silent?: boolean;
}

/** Defaults applied: `{ logTraces: true, disable: false, silent: false }`. */
export function resolveAutologOptions(options: AutologOptions = {}): Required<AutologOptions> {
  return { logTraces: options.logTraces ?? true, disable: options.disable ?? false, silent: options.silent ?? false };
}
