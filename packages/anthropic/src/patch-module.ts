import { countSdkCopy, observeRequestsOfClass, ownerOf, resourceAt, sdkAutologRecords, wrapOwnSdkMethod } from "@traceloom/core";
import { warnOnce } from "./log.js";
import { getAutologState } from "./state.js";
import { invokerFor } from "./traced-call.js";
import { TRACED_METHODS } from "./targets.js";

type ClientClass = new (options: Record<string, unknown>) => object;

/** The client class of an SDK module namespace, CommonJS exports, or the class itself. */
function clientClassOf(sdk: unknown): ClientClass | undefined {
  if (typeof sdk === "function") return sdk as ClientClass;
  if (sdk === null || typeof sdk !== "object") return undefined;
  const candidate = (sdk as Record<string, unknown>).Anthropic ?? (sdk as Record<string, unknown>).default;
  return typeof candidate === "function" ? (candidate as ClientClass) : undefined;
}

/** Whether a prototype-level wrapper records: `autolog()` installed and `logTraces` on. */
const autologRecords = (): boolean => sdkAutologRecords(getAutologState());

/**
 * Patches the resource prototypes (messages, beta.messages) of one copy of the SDK, so every client of that copy
 * — made before or after — is traced. The client made to reach them sends nothing and holds no real key.
 */
export function patchAnthropicModule(sdk: unknown): void {
  const state = getAutologState();
  const Client = clientClassOf(sdk);
  if (!Client) return;
  countSdkCopy(state, Client);
  try {
    const probe = new Client({ apiKey: "traceloom-probe", baseURL: "http://127.0.0.1:9", maxRetries: 0 });
    state.restorers.push(...observeRequestsOfClass(probe));
    for (const method of TRACED_METHODS) {
      const resource = resourceAt(probe, method.path);
      const owner = resource && ownerOf(resource, method.method);
      if (!owner || owner === Object.prototype) continue;
      // undefined when this prototype's method is wrapped already (by either build of this package)
      const restore = wrapOwnSdkMethod(owner, method.method, invokerFor(method), autologRecords);
      if (restore) state.restorers.push(restore);
    }
  } catch (err) {
    warnOnce("anthropic.patch", "could not patch a copy of @anthropic-ai/sdk", err);
  }
}
