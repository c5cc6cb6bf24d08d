import { logOnce } from "@traceloom/core";
import { pluginState } from "./state.js";

/**
 * Reports a problem inside the LangChain plugin once per `key` (core's `logOnce`), unless `autolog({ silent: true })`
 * asked for quiet. A silenced warning is not marked as logged, so it still appears once the plugin is loud again.
 */
export function warnOnce(key: string, message: string, err?: unknown): void {
  if (pluginState().silent) return;
  logOnce(key, message, err);
}
