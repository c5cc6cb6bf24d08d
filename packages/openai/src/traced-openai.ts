import { observeRequestsOfInstance, resourceAt, wrapInstanceSdkMethod } from "@traceloom/core";
import { warnOnce } from "./log.js";
import { invokerFor } from "./traced-call.js";
import { TRACED_METHODS } from "./targets.js";

/**
 * Traces the calls of one OpenAI client only (any copy, any major version), without touching the SDK's
 * classes. Returns the same client. Works alongside `autolog()`: each call is still recorded once.
 *
 * @example
 * ```ts
 * const client = tracedOpenAI(new OpenAI());
 * ```
 */
export function tracedOpenAI<T>(client: T): T {
  try {
    if (typeof client === "object" && client !== null) observeRequestsOfInstance(client);
    for (const method of TRACED_METHODS) {
      const resource = resourceAt(client, method.path);
      if (resource) wrapInstanceSdkMethod(resource, method.method, invokerFor(method));
    }
  } catch (err) {
    warnOnce("openai.tracedOpenAI", "could not trace an OpenAI client; its calls are not traced", err);
  }
  return client;
}
