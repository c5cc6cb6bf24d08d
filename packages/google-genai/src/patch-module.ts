import { countSdkCopy, ownerOf, sdkAutologRecords, wrapOwnSdkMethod, type TracedInvoker } from "@traceloom/core";
import { clientParts, SEND_METHODS } from "./client-parts.js";
import { warnOnce } from "./log.js";
import { reportSentRequest } from "./sent-request.js";
import { getAutologState } from "./state.js";
import { TRACED_METHODS } from "./targets.js";
import { tracedCall } from "./traced-call.js";

type ClientClass = new (options: Record<string, unknown>) => object;

/** The client class of a `@google/genai` module namespace, CommonJS exports, or the class itself. */
function clientClassOf(genai: unknown): ClientClass | undefined {
  if (typeof genai === "function") return genai as ClientClass;
  if (genai === null || typeof genai !== "object") return undefined;
  const candidate = (genai as Record<string, unknown>).GoogleGenAI;
  return typeof candidate === "function" ? (candidate as ClientClass) : undefined;
}

/** Whether a prototype-level wrapper records: `autolog()` installed and `logTraces` on. */
const autologRecords = (): boolean => sdkAutologRecords(getAutologState());

/** Wraps `owner[key]` once (per prototype) and remembers how to undo it. */
function patchOnce(owner: object | undefined, key: string, invoke: TracedInvoker, shouldTrace: () => boolean): void {
  if (!owner || owner === Object.prototype) return;
  const restore = wrapOwnSdkMethod(owner, key, invoke, shouldTrace);
  if (restore) getAutologState().restorers.push(restore);
}

/**
 * Patches the `Models` and API client prototypes of one copy of `@google/genai`, found from a client made only to
 * reach them (it sends nothing and holds no real key), so every client of that copy — made before or after — is
 * traced.
 */
export function patchGenAIModule(genai: unknown): void {
  const state = getAutologState();
  const Client = clientClassOf(genai);
  if (!Client) return;
  countSdkCopy(state, Client);
  try {
    const parts = clientParts(new Client({ apiKey: "traceloom-probe", vertexai: false }));
    if (!parts) return;
    // the send methods always report: only a traced call's window listens
    for (const key of SEND_METHODS) patchOnce(ownerOf(parts.apiClient, key), key, reportSentRequest, () => true);
    for (const method of TRACED_METHODS) {
      patchOnce(ownerOf(parts.models, method.method), method.method, (original, self, args) => tracedCall(method, original, self, args), autologRecords);
    }
  } catch (err) {
    warnOnce("google-genai.patch", "could not patch a copy of the @google/genai package", err);
  }
}
