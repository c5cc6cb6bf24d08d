import { countSdkCopy, observeRequestsOfClass, ownerOf, resourceAt, sdkAutologRecords, wrapOwnSdkMethod } from "@traceloom/core";
import { warnOnce } from "./log.js";
import { invokerFor } from "./traced-call.js";
import { getAutologState } from "./state.js";
import { TRACED_METHODS } from "./targets.js";

type ClientClass = new (options: Record<string, unknown>) => object;

/** The client class of an `openai` module namespace, CommonJS exports, or the class itself. */
function clientClassOf(openai: unknown): ClientClass | undefined {
  if (typeof openai === "function") return openai as ClientClass;
  if (openai === null || typeof openai !== "object") return undefined;
  const m = openai as Record<string, unknown>;
  const candidate = m.OpenAI ?? m.default;
  return typeof candidate === "function" ? (candidate as ClientClass) : undefined;
}

/** A client made only to reach the resource classes; it sends nothing and holds no real key. */
function probeClient(Client: ClientClass): object {
  return new Client({ apiKey: "traceloom-probe", baseURL: "http://127.0.0.1:9/v1", maxRetries: 0 });
}

/** Whether a prototype-level wrapper records: `autolog()` installed and `logTraces` on. */
const autologRecords = (): boolean => sdkAutologRecords(getAutologState());

/**
 * Patches the resource prototypes (chat.completions, completions, responses, beta.responses, embeddings) of one
 * copy of `openai`, so every client of that copy — made before or after — is traced.
 */
export function patchOpenAIModule(openai: unknown): void {
  const state = getAutologState();
  const Client = clientClassOf(openai);
  if (!Client) return;
  countSdkCopy(state, Client);
  try {
    const client = probeClient(Client);
    state.restorers.push(...observeRequestsOfClass(client));
    for (const method of TRACED_METHODS) {
      const resource = resourceAt(client, method.path);
      const owner = resource && ownerOf(resource, method.method);
      if (!owner || owner === Object.prototype || state.patched.has(owner)) continue;
      const restore = wrapOwnSdkMethod(owner, method.method, invokerFor(method), autologRecords);
      if (!restore) continue;
      state.patched.add(owner);
      state.restorers.push(() => {
        restore();
        state.patched.delete(owner);
      });
    }
  } catch (err) {
    warnOnce("openai.patch", "could not patch a copy of the openai package", err);
  }
}
