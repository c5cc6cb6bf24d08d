import { endMirror, ensureMirror, traceEnded, traceStarted } from "./mirror.js";
import { warnOnce } from "./log.js";
import type { SdkSpan, SdkTrace, SdkTracingProcessor } from "./sdk-types.js";

function guarded(key: string, fn: () => void): Promise<void> {
  try {
    fn();
  } catch (err) {
    warnOnce(`openai-agents.${key}`, `could not record an Agents SDK ${key}; the run goes on`, err);
  }
  return Promise.resolve();
}

/**
 * The processor traceloom adds to the Agents SDK's trace provider, beside the user's own (the SDK's OpenAI
 * exporter or any other): it mirrors every SDK span as a traceloom span. It records only while `autolog()` is
 * on, and never throws into the SDK.
 */
export class TraceloomAgentsProcessor implements SdkTracingProcessor {
  onTraceStart(trace: SdkTrace): Promise<void> {
    return guarded("trace start", () => traceStarted(trace));
  }

  onTraceEnd(trace: SdkTrace): Promise<void> {
    return guarded("trace end", () => traceEnded(trace));
  }

  onSpanStart(span: SdkSpan): Promise<void> {
    return guarded("span start", () => void ensureMirror(span));
  }

  onSpanEnd(span: SdkSpan): Promise<void> {
    return guarded("span end", () => endMirror(span));
  }

  /** Traces are written by traceloom's own pipeline (`flush()` / `shutdown()` of @traceloom/core). */
  shutdown(): Promise<void> {
    return Promise.resolve();
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
}
