import { logOnce, resolveAutologOptions, type AutologOptions } from "@traceloom/core";
import { createIntegration } from "./integration.js";
import { createV6Integration } from "./integration-v6.js";
import { addGlobalIntegration, removeGlobalIntegration } from "./registry.js";
import { getAutologState } from "./state.js";
import { registerV6SpanSource, unregisterV6SpanSource } from "./v6-context.js";

/** Options of {@link autolog}. */
export type AiSdkAutologOptions = AutologOptions;

/**
 * Traces every operation of the Vercel AI SDK (`ai` 7; ai 6 below): `generateText`, `streamText`, `generateObject`,
 * `streamObject`, `embed`, `embedMany` — the operation (AGENT when tools are offered, else CHAIN), one CHAT_MODEL
 * span per model call (step) with its messages and token usage, one TOOL span per tool execution, one EMBEDDING
 * span per embedding call. No per-call option is needed and nothing returned changes: this registers with the AI
 * SDK's own global telemetry interface, which every copy of `ai` in the process reads (nothing is patched).
 * Streaming operations end when the stream is consumed (also `consumeStream()` and the response helpers), when
 * their abort signal stops them or their result is dropped unread (`cancelled`), or with their error. Idempotent; call again to change options.
 *
 * ai 6 (from 6.0.111) is traced too, through the same list: `generateText` and `streamText` with the same trees;
 * its interface reports no errors, so a failed ai 6 operation ends with status ERROR once the AI SDK lets go of it
 * (see the README's Limits). A program started with `node --import @traceloom/ai-sdk/register` (or `--require`)
 * also has ai 6's generateObject, streamObject, embed and embedMany traced and its failures recorded with their
 * exception. Not traced: an ai 7 operation given its own `telemetry.integrations` (those replace the global ones for
 * that call) or `telemetry.isEnabled: false`; without the preload, ai 6's generateObject, streamObject, embed and embedMany.
 *
 * @example
 * ```ts
 * import { autolog } from "@traceloom/ai-sdk";
 * autolog();                       // trace every AI SDK operation
 * autolog({ logTraces: false });   // record nothing
 * autolog({ disable: true });      // leave the AI SDK's telemetry list as it was
 * ```
 */
export function autolog(options: AiSdkAutologOptions = {}): void {
  const state = getAutologState();
  try {
    const { logTraces, disable, silent } = resolveAutologOptions(options);
    state.silent = silent;
    state.logTraces = logTraces;
    if (disable || !logTraces) {
      state.installed = !disable;
      for (const integration of [state.integration, state.v6Integration]) if (integration) removeGlobalIntegration(integration);
      state.integration = undefined;
      state.v6Integration = undefined;
      unregisterV6SpanSource();
      return;
    }
    state.installed = true;
    state.integration ??= createIntegration();
    state.v6Integration ??= createV6Integration();
    addGlobalIntegration(state.integration);
    addGlobalIntegration(state.v6Integration, { first: true });
    registerV6SpanSource();
  } catch (err) {
    if (!state.silent) logOnce("ai-sdk.autolog", "autolog() for the AI SDK failed; AI SDK operations are not traced", err);
  }
}
