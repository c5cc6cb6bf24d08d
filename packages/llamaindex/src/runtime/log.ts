import { logOnce } from "@traceloom/core";
import { pluginState } from "./state.js";

/**
 * This plugin's logger: reports a problem once per `key` through core's `logOnce`, unless
 * `autolog({ silent: true })` asked for quiet. A warning kept quiet is not used up: it is still logged once after
 * `silent` is turned off again.
 */
export function warnOnce(key: string, message: string, err?: unknown): void {
  if (pluginState().silent) return;
  logOnce(key, message, err);
}
