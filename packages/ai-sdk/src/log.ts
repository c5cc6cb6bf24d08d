import { logOnce } from "@traceloom/core";
import { getAutologState } from "./state.js";

/**
 * This plugin's logger: reports a problem once per `key` through core's `logOnce`, unless
 * `autolog({ silent: true })` asked for quiet.
 */
export function warnOnce(key: string, message: string, err?: unknown): void {
  if (getAutologState().silent) return;
  logOnce(key, message, err);
}

/** Runs `record`, a step of tracing `what`; a fault in it is reported once and never reaches the application. */
export function recordSafely(what: string, record: () => void): void {
  try {
    record();
  } catch (err) {
    warnOnce(`ai-sdk.record.${what}`, `could not record the AI SDK's ${what}; the call goes on`, err);
  }
}
