import { applySdkAutolog, callerFileOf, type AutologOptions } from "@traceloom/core";
import { warnOnce } from "./log.js";
import { patchAnthropicModule } from "./patch-module.js";
import { ANTHROPIC_MODULE } from "./sdk-module.js";
import { getAutologState } from "./state.js";

/** Options of {@link autolog}. */
export interface AnthropicAutologOptions extends AutologOptions {
  /**
   * Further copies of `@anthropic-ai/sdk` to patch — a module namespace, CommonJS exports or the `Anthropic`
   * class — for a copy loaded from somewhere autolog does not look.
   */
  anthropic?: unknown;
}

/**
 * Traces every Anthropic Messages call the program makes: `messages.create` (plain and `stream: true`), and so
 * `messages.stream()`, `messages.parse()` and the beta tool runner, which call it; `beta.messages.create`;
 * `messages.countTokens`. Message batches are not traced (see the README). Nothing changes for the caller: same
 * `APIPromise`, same `Stream` and `MessageStream`, same errors. Idempotent; call again to change options.
 *
 * Patched: every copy of `@anthropic-ai/sdk` the application's dependency graph loads — its own and those its
 * frameworks (LangChain, LlamaIndex) resolve — ES module and CommonJS alike, loaded before `autolog()` or after.
 * A copy the program has not loaded is never loaded by this function.
 *
 * @example
 * ```ts
 * import { autolog } from "@traceloom/anthropic";
 * autolog();                       // trace every call
 * autolog({ logTraces: false });   // keep the patches, record nothing
 * autolog({ disable: true });      // restore the SDK's own methods
 * ```
 */
export function autolog(options: AnthropicAutologOptions = {}): void {
  applySdkAutolog({
    spec: ANTHROPIC_MODULE,
    state: getAutologState(),
    options,
    explicit: options.anthropic,
    caller: callerFileOf(autolog),
    patchModule: patchAnthropicModule,
    warn: warnOnce,
  });
}
