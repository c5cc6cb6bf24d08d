import { registerActiveSpanSource, resolveAutologOptions, type AutologOptions } from "@traceloom/core";
import { currentMirroredSpan } from "./context-source.js";
import { warnOnce } from "./log.js";
import { TraceloomAgentsProcessor } from "./processor.js";
import { attachProcessor, withTraceProvider } from "./provider.js";
import { getAutologState, type AgentsAutologState } from "./state.js";
import type { SdkTracingProcessor } from "./sdk-types.js";

function uninstall(state: AgentsAutologState): void {
  for (const restore of state.restorers.splice(0).reverse()) restore();
  state.installed = false;
  for (const mirrored of state.spans.values()) mirrored.span.end();
  state.spans.clear();
  state.traces.clear();
}

function install(state: AgentsAutologState): void {
  state.processor ??= new TraceloomAgentsProcessor();
  const processor = state.processor as SdkTracingProcessor;
  state.restorers.push(registerActiveSpanSource(currentMirroredSpan));
  state.restorers.push(
    withTraceProvider((provider) => {
      state.foundProvider = true;
      state.restorers.push(attachProcessor(provider, processor, state.providers));
    }),
  );
  if (state.exitCheck) return;
  state.exitCheck = true;
  process.once("exit", () => {
    if (state.installed && !state.foundProvider) {
      warnOnce("openai-agents.no-provider", "autolog() saw no Agents SDK trace provider: is @openai/agents (0.15 or later) used by this program?");
    }
  });
}

/**
 * Traces every run of the OpenAI Agents SDK (`@openai/agents`): the run, each agent and turn, each model response
 * (Responses API) or generation (Chat Completions), function and MCP tools, handoffs and guardrails — one nested
 * tree per run, under your active `trace()` / `withSpan()` if any. Through the SDK's own trace-processor interface:
 * traceloom's processor is added beside the SDK's own exporter (or whichever you set with `setTraceProcessors`),
 * which keeps working as you configured it. Idempotent; call again to change options.
 *
 * @example
 * ```ts
 * import { autolog } from "@traceloom/openai-agents";
 * autolog();                       // trace every run
 * autolog({ logTraces: false });   // keep the processor, record nothing
 * autolog({ disable: true });      // take traceloom out of the SDK's tracing
 * ```
 */
export function autolog(options: AutologOptions = {}): void {
  const state = getAutologState();
  try {
    const { logTraces, disable, silent } = resolveAutologOptions(options);
    state.silent = silent;
    if (disable) {
      uninstall(state);
      return;
    }
    state.logTraces = logTraces;
    if (!state.installed) {
      state.installed = true;
      install(state);
    }
  } catch (err) {
    warnOnce("openai-agents.autolog", "autolog() for the OpenAI Agents SDK failed; agent runs are not traced", err);
  }
}
