import { getCurrentSpan} from "@traceloom/core";
import { isRecording } from "../runtime/recording.js";
import { wrapMethod, type Unpatch } from "../runtime/wrap-method.js";
import { onLLMEnd, onLLMStart, onToolCall, onToolResult } from "./model-events.js";
import { warnOnce } from "../runtime/log.js";

type Detail = Record<string, unknown>;

const countOf = (v: unknown): number | undefined => (Array.isArray(v) ? v.length : undefined);

/** Chunking and node-parsing events become span events on the active span (the PARSER span while indexing). */
function addProgressEvent(event: string, detail: Detail): void {
  const span = getCurrentSpan();
  if (!span) return;
  const counts: Record<string, unknown> = {};
  for (const key of ["text", "chunks", "documents", "nodes"]) {
    const n = countOf(detail[key]);
    if (n !== undefined) counts[key] = n;
  }
  span.addEvent(event, counts);
}

function observe(event: string, detail: Detail, caller: unknown): void {
  switch (event) {
    case "llm-start":
      return onLLMStart(detail, caller);
    case "llm-end":
      return onLLMEnd(detail);
    case "llm-tool-call":
      return onToolCall(detail);
    case "llm-tool-result":
      return onToolResult(detail);
    case "chunking-start":
    case "chunking-end":
    case "node-parsing-start":
    case "node-parsing-end":
      return addProgressEvent(event, detail);
  }
}

/**
 * Wraps `CallbackManager.prototype.dispatchEvent`, which every callback manager uses — the global one, one set
 * with `Settings.callbackManager = …` and one scoped with `Settings.withCallbackManager` — and which runs
 * synchronously in the emitter's async context (the handlers themselves run later, in a microtask).
 * `callerOf` returns LlamaIndex's current event caller (the object whose method emitted the event).
 */
export function observeEvents(CallbackManager: { prototype: object }, callerOf: () => unknown): Unpatch {
  return wrapMethod(CallbackManager.prototype, "dispatchEvent", (original) =>
    function (this: unknown, ...args: unknown[]) {
      if (isRecording()) {
        try {
          const [event, detail] = args as [string, Detail | undefined];
          observe(event, detail ?? {}, callerOf());
        } catch (err) {
          warnOnce("llamaindex.events", "could not record a LlamaIndex event; tracing continues", err);
        }
      }
      return original.apply(this, args);
    },
  );
}
