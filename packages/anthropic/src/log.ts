import { logOnce } from "@traceloom/core";
import { getAutologState } from "./state.js";

/** This plugin's logger: reports a problem once per `key` (core's `logOnce`), unless `autolog({ silent: true })`. */
export function warnOnce(key: string, message: string, err?: unknown): void {
  if (getAutologState().silent) return;
  logOnce(key, message, err);
}
