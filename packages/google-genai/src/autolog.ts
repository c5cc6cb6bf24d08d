import { applySdkAutolog, callerFileOf, type AutologOptions } from "@traceloom/core";
import { warnOnce } from "./log.js";
import { patchGenAIModule } from "./patch-module.js";
import { GENAI_MODULE } from "./sdk-module.js";
import { getAutologState } from "./state.js";

/** Options of {@link autolog}. */
export interface GoogleGenAIAutologOptions extends AutologOptions {
  /**
   * Further `@google/genai` module(s) to patch — a module namespace (`import * as genai from "@google/genai"`),
   * CommonJS exports or the `GoogleGenAI` class — for a copy loaded from somewhere autolog does not look.
   */
  genai?: unknown;
}

/**
 * Traces every Gemini call the program makes through `@google/genai` (1 to 3): `models.generateContent`,
 * `models.generateContentStream`, `models.embedContent` and chat sessions (`chats.create().sendMessage`,
 * `sendMessageStream`) — one span per request (CHAT_MODEL or EMBEDDING), with the request as sent, the response
 * (streams assembled), token usage, finish reason, time to first token and errors. Nothing changes for the
 * caller: same responses, same async generators, same errors. Idempotent; call again to change options.
 *
 * Patched: every copy of `@google/genai` the application's dependency graph loads — ES module and CommonJS, loaded
 * before `autolog()` or after — and never one it does not load. When no copy is patched, one warning says where
 * it looked.
 *
 * @example
 * ```ts
 * import { autolog } from "@traceloom/google-genai";
 * autolog();                       // trace every call
 * autolog({ logTraces: false });   // keep the patches, record nothing
 * autolog({ disable: true });      // restore the SDK's own methods
 * ```
 */
export function autolog(options: GoogleGenAIAutologOptions = {}): void {
  applySdkAutolog({
    spec: GENAI_MODULE,
    state: getAutologState(),
    options,
    explicit: options.genai,
    caller: callerFileOf(autolog),
    patchModule: patchGenAIModule,
    warn: warnOnce,
  });
}
