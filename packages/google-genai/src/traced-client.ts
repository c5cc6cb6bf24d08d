import { wrapInstanceSdkMethod } from "@traceloom/core";
import { clientParts, SEND_METHODS } from "./client-parts.js";
import { warnOnce } from "./log.js";
import { reportSentRequest } from "./sent-request.js";
import { TRACED_METHODS } from "./targets.js";
import { tracedCall } from "./traced-call.js";

/**
 * Traces the calls of one `GoogleGenAI` client only (any copy, @google/genai 1 to 3), without touching the SDK's
 * classes: `models.generateContent`, `generateContentStream`, `embedContent`, and its chat sessions. Returns the
 * same client. Works alongside `autolog()`: each call is still recorded once.
 *
 * @example
 * ```ts
 * const ai = tracedGoogleGenAI(new GoogleGenAI({ apiKey }));
 * ```
 */
export function tracedGoogleGenAI<T>(client: T): T {
  try {
    const parts = clientParts(client);
    if (!parts) {
      warnOnce("google-genai.tracedGoogleGenAI.shape", "tracedGoogleGenAI() was given something that is not a GoogleGenAI client; nothing is traced");
      return client;
    }
    for (const key of SEND_METHODS) wrapInstanceSdkMethod(parts.apiClient, key, reportSentRequest);
    for (const method of TRACED_METHODS) {
      wrapInstanceSdkMethod(parts.models, method.method, (original, self, args) => tracedCall(method, original, self, args));
    }
  } catch (err) {
    warnOnce("google-genai.tracedGoogleGenAI", "could not trace a GoogleGenAI client; its calls are not traced", err);
  }
  return client;
}
