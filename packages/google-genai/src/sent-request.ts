import type { TracedInvoker } from "@traceloom/core";

/**
 * The request each traced call sends, as the SDK built it: the REST path (which names the model) and the JSON body
 * in the API's wire format. The span records that rather than the caller's arguments, so the caller's objects are
 * read by the SDK alone and the span shows what was sent — never the API key or headers, which the SDK adds later.
 *
 * The `Models` methods traced here call `apiClient.request()` / `requestStream()` synchronously, before their
 * first `await`. A traced call opens a synchronous window ({@link whileCalling}); the first request made inside
 * it is reported to the call's listener.
 */

/** A request as the SDK hands it to its API client. */
export interface SentRequest {
  /** `"models/gemini-2.5-flash:generateContent"`. */
  path: string;
  /** The JSON text of the body. */
  body: string;
}

/** Told the request a traced call sent. */
export type SentRequestListener = (request: SentRequest) => void;

let pending: SentRequestListener | undefined;

/** Runs `fn` (a traced SDK call) so that the request it makes is reported to `listener`. */
export function whileCalling<T>(listener: SentRequestListener, fn: () => T): T {
  const previous = pending;
  pending = listener;
  try {
    return fn();
  } finally {
    pending = previous;
  }
}

/** `apiClient.request(options)` / `requestStream(options)`: reports the first request of a traced call's window. */
export const reportSentRequest: TracedInvoker = (original, self, args) => {
  const listener = pending;
  if (listener) {
    pending = undefined;
    const options = args[0] as { path?: unknown; body?: unknown } | null | undefined;
    if (typeof options?.path === "string" && typeof options.body === "string") listener({ path: options.path, body: options.body });
  }
  return original.apply(self, args);
};
