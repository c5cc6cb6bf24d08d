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
