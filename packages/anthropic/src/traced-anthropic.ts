import { observeRequestsOfInstance, resourceAt, wrapInstanceSdkMethod } from "@traceloom/core";
import { warnOnce } from "./log.js";
import { invokerFor } from "./traced-call.js";
import { TRACED_METHODS } from "./targets.js";

/**
 * Traces the calls of one Anthropic client only (any copy, 0.x or 1.x), without touching the SDK's classes.
 * Returns the same client. Works alongside `autolog()`: each call is still recorded once.
 *
 * @example
 * ```ts
 * const client = tracedAnthropic(new Anthropic());
 * ```
 */
export function tracedAnthropic<T>(client: T): T {
  try {
    if (typeof client === "object" && client !== null) observeRequestsOfInstance(client);
    for (const method of TRACED_METHODS) {
      const resource = resourceAt(client, method.path);
      if (resource) wrapInstanceSdkMethod(resource, method.method, invokerFor(method));
    }
  } catch (err) {
    warnOnce("anthropic.tracedAnthropic", "could not trace an Anthropic client; its calls are not traced", err);
  }
  return client;
}
