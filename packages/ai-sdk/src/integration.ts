import { isCoveredByFramework } from "@traceloom/core";
import { isV7Event, V7Handlers } from "./integration-v7.js";
import { warnOnce } from "./log.js";
import { OperationRun } from "./operation-run.js";
import { recording } from "./state.js";

type Event = Record<string, unknown>;

/** Events ai 7 sends; each handler is guarded so a tracing fault never reaches the AI SDK. */
const EVENTS = [
  "onStart",
  "onStepStart",
  "onLanguageModelCallStart",
  "onLanguageModelCallEnd",
  "onObjectStepStart",
  "onObjectStepEnd",
  "onStepError",
  "onToolExecutionStart",
  "onToolExecutionEnd",
  "onEmbedStart",
  "onEmbedEnd",
  "onEnd",
  "onAbort",
  "onError",
] as const;


function startRun(e: Event): OperationRun | undefined {
  if (!recording() || isCoveredByFramework()) return undefined;
  return OperationRun.start(e, "ai");
}

/**
 * The object put in the AI SDK's global telemetry list: ai 7's `Telemetry` interface (lifecycle events plus
 * `executeLanguageModelCall`/`executeTool`, which run the provider request and each tool inside their spans).
 * Results pass through untouched; a fault in tracing is logged once and never thrown.
 */
export function createIntegration(): object {
  const handlers = new V7Handlers(startRun);
  const integration: Record<string, unknown> = {};
  for (const name of EVENTS) {
    integration[name] = (event: unknown) => {
      try {
        if (event === null || typeof event !== "object" || !isV7Event(event)) return;
        handlers[name](event as Event);
      } catch (err) {
        warnOnce(`ai-sdk.${name}`, `could not record the AI SDK's ${name} event; the operation goes on`, err);
      }
    };
  }
  integration.executeLanguageModelCall = <T>(options: Event & { execute: () => PromiseLike<T> }) => guardedRun(options, "executeLanguageModelCall", (o) => handlers.executeLanguageModelCall(o));
  integration.executeTool = <T>(options: Event & { execute: () => PromiseLike<T> }) => guardedRun(options, "executeTool", (o) => handlers.executeTool(o));
  return integration;
}

/**
 * Runs the AI SDK's `execute` through `wrap` (which only sets the active span), falling back to calling it
 * directly when tracing itself fails before `execute` ran — never calling it twice.
 */
function guardedRun<T>(options: Event & { execute: () => PromiseLike<T> }, name: string, wrap: (o: Event & { execute: () => PromiseLike<T> }) => PromiseLike<T>): PromiseLike<T> {
  let started = false;
  const execute = () => {
    started = true;
    return options.execute();
  };
  try {
    return wrap({ ...options, execute });
  } catch (err) {
    if (started) throw err;
    warnOnce(`ai-sdk.${name}`, `could not set up the span context of ${name}; the call goes on`, err);
    return options.execute();
  }
}
