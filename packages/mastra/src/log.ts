import { logOnce } from "@traceloom/core";
import { pluginState } from "./state.js";

/**
 * Reports a problem inside the Mastra plugin once per `key` (core's `logOnce`), unless `autolog({ silent: true })`
 * asked for quiet.
 */
export function warnOnce(key: string, message: string, err?: unknown): void {
  if (pluginState().silent) return;
  logOnce(key, message, err);
}
